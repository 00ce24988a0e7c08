namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// The help texts of <c>helm secrets</c> (SecretsKit's helm-secrets 4 drop-in). They keep the lines helm-secrets users and
/// scripts look for (<c>Available Commands:</c>, <c>helm secrets [ OPTIONS ] &lt;cmd&gt;</c>, <c>Decrypt secrets</c>, …) and
/// go to stdout, as helm-secrets prints them.
/// </summary>
internal static class HelmSecretsPluginHelp
{
    public const string Text = """
        helm secrets: SOPS-encrypted Helm value files, decrypted by SecretsKit (a drop-in for helm-secrets 4).

        Usage: helm secrets [ OPTIONS ] <command> [args]

        Available Commands:
          decrypt [-i] [--terraform] FILE   print FILE decrypted (-i: in place; --terraform: {"content_base64": …})
          encrypt [-i] FILE                 print FILE encrypted (-i: in place)
          edit FILE                         edit FILE decrypted in $EDITOR, encrypt on save
          dir                               print the plugin directory
          post-renderer                     resolve ref+ values in rendered manifests (stdin to stdout)
          enc FILE | dec FILE | view FILE | clean DIR
                                            helm-secrets 3.x verbs: enc encrypts FILE.dec into FILE (else in place),
                                            dec writes FILE.dec, view prints, clean removes the .dec files dec wrote
          <cmd>                             run `helm <cmd> …` with -f/--values/--set-file files decrypted for the call

        Available Options (before the command; env in parentheses):
          -q, --quiet                       no info messages (HELM_SECRETS_QUIET; default on under Argo CD)
          -b, --backend NAME                sops (SecretsKit's built-in core, the default), noop, vals (a vals binary
                                            on PATH) or the path of a custom backend script (HELM_SECRETS_BACKEND)
          -a, --backend-args ARGS           sops flags for the backend, e.g. "--verbose" (HELM_SECRETS_BACKEND_ARGS)
          --ignore-missing-values [bool]    missing value files count as empty (HELM_SECRETS_IGNORE_MISSING_VALUES)
          --decrypt-secrets-in-tmp-dir      accepted; plaintext always goes to a private temp dir
          -h, --help                        this help
          -v, --version                     the plugin version

        Value files: ?FILE is optional; secrets://FILE, secrets+age-import://KEY?FILE, secrets+gpg-import://KEY?FILE,
        secrets+age-import-kubernetes://[NS/]NAME#KEY?FILE, the gpg variant and secrets+literal://VALUE work with plain
        `helm -f` / `--set-file`.
        """;

    public const string Decrypt = """
        helm secrets [ OPTIONS ] decrypt [ -i ] [ --terraform ] <path to file>

        Decrypt secrets: prints the plaintext of a SOPS-encrypted file (-i writes it back in place instead;
        --terraform prints {"content_base64": …} for Terraform's external data source).

        Example:
          $ helm secrets decrypt secrets/prod/secrets.yaml
        """;

    public const string Encrypt = """
        helm secrets [ OPTIONS ] encrypt [ -i ] <path to file>

        Encrypt secrets: prints the file encrypted with the keys of the matching .sops.yaml creation rule
        (-i replaces the file instead).

        Example:
          $ helm secrets encrypt -i secrets/prod/secrets.yaml
        """;

    public const string Edit = """
        helm secrets [ OPTIONS ] edit <path to file>

        Edit encrypted secrets: opens the plaintext in $EDITOR and encrypts it again on save (a new file is created
        with the keys of the matching .sops.yaml creation rule).

        Example:
          $ helm secrets edit secrets/prod/secrets.yaml
        """;

    /// <summary>The usage of the helm wrapper for one helm command (<c>helm secrets template</c> alone or with <c>--help</c>).</summary>
    public static string Wrapper(string helmCommand) => $"""
        helm secrets [ OPTIONS ] {helmCommand}

        Runs "helm {helmCommand}" with every SOPS-encrypted -f / --values / --set-file file decrypted into a private
        temporary directory for the call only; helm's output and exit code pass through.

        Example:
          $ helm secrets {helmCommand} ./chart -f values.yaml -f secrets.yaml
        """;
}
