namespace SecretsKit.Cli.Commands;

/// <summary>The help of <c>helm secrets</c> (SecretsKit's helm-secrets 4 drop-in).</summary>
internal static class HelmSecretsPluginHelp
{
    public const string Text = """
        helm secrets: SOPS-encrypted Helm value files, decrypted by SecretsKit (a drop-in for helm-secrets 4).

        Usage: helm secrets [options] <command> [args]

        Available Commands:
          decrypt [-i] [--terraform] FILE   print FILE decrypted (-i: in place; --terraform: {"content_base64": …})
          encrypt [-i] FILE                 print FILE encrypted (-i: in place)
          edit FILE                         edit FILE decrypted in $EDITOR, encrypt on save
          dir                               print the plugin directory
          enc FILE | dec FILE | view FILE | clean DIR
                                            helm-secrets 3.x verbs: enc encrypts FILE.dec into FILE (else in place),
                                            dec writes FILE.dec, view prints, clean removes the .dec files dec wrote
          <cmd>                             run `helm <cmd> …` with -f/--values/--set-file files decrypted for the call

        Available Options (before the command; env in parentheses):
          -q, --quiet                       no info messages (HELM_SECRETS_QUIET; default on under Argo CD)
          -b, --backend sops                the only backend: SecretsKit's built-in sops core (HELM_SECRETS_BACKEND)
          --ignore-missing-values [bool]    missing value files count as empty (HELM_SECRETS_IGNORE_MISSING_VALUES)
          -h, --help                        this help
          -v, --version                     the plugin version

        Value files: ?FILE is optional; secrets://FILE, secrets+age-import://KEY?FILE, secrets+gpg-import://KEY?FILE,
        secrets+age-import-kubernetes://[NS/]NAME#KEY?FILE and the gpg variant work with plain `helm -f`.
        Not supported (clear error): the vals backend, custom backend scripts, --backend-args, --evaluate-templates.
        """;
}
