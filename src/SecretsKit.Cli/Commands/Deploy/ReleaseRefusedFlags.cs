using System.CommandLine;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// helmfile 1.x's flags that <c>secretskit release</c> does not offer, each known by name so that it is refused with
/// the reason and the SecretsKit way (docs/migrate-from-helmfile.md has the same table, which a test holds to helmfile's
/// own flag definitions and to this one) rather than called unknown. Hidden from <c>--help</c>. A boolean flag is
/// refused only when it asks for something (<c>--skip-cleanup=false</c> is what SecretsKit does anyway).
/// </summary>
internal sealed class ReleaseRefusedFlags
{
    private const string NoRawArgs = "SecretsKit builds every helm command line itself, so that no secret reaches one";

    /// <summary>(flag, shorthand, takes a value, why it is refused and what to do instead).</summary>
    public static readonly (string Name, string? Short, bool Value, string Why)[] Table =
    [
        ("--args", null, true, $"it passes raw arguments to every helm call; {NoRawArgs}: use the state's keys (set:, postRenderer:, …)"),
        ("--cascade", null, true, "uninstalls use helm's default deletion (background)"),
        ("--chart", "-c", true, "it would replace every release's chart: name the chart in each release (a template may read an environment variable)"),
        ("--cleanup", null, false, "Helm 3 and 4 remove test pods by their helm.sh/hook-delete-policy"),
        ("--color", null, false, "secretskit prints no colour"),
        ("--debug", null, false, "helm --debug prints the rendered values, decrypted secrets included; equivalent: SECRETSKIT_DEBUG=1 for SecretsKit's own detail"),
        ("--debug-plugin", null, false, "secretskit runs the helm-unittest suites itself, without the plugin"),
        ("--deleteTimeout", null, true, "uninstall waits as helm uninstall does by default"),
        ("--deleteWait", null, false, "uninstall waits as helm uninstall does by default"),
        ("--description", null, true, "release descriptions are not set"),
        ("--diff-args", null, true, $"the diff is SecretsKit's own (redacted), not helm-diff's; {NoRawArgs}"),
        ("--disable-force-update", null, false, "helm repo add always refreshes the repository (--force-update)"),
        ("--embed-values", null, false, "build prints the state's values (secrets redacted), not values files' contents"),
        ("--enforce-needs-are-installed", null, false, "needs order the releases; they are not checked against the cluster"),
        ("--fail-fast", null, false, "equivalent: secretskit unittest --failfast CHART"),
        ("--helm-stuck-grace", null, true, "it belongs to kubedog tracking, which secretskit release does not run"),
        ("--hide-notes", null, false, "NOTES are shown as helm prints them"),
        ("--include-tests", null, false, "the diff leaves hooks out (test pods included), as helm get manifest has none"),
        ("--keep-temp-dir", null, false, "it would keep decrypted values on disk"),
        ("--kubeconfig", null, true, "equivalent: KUBECONFIG=PATH, which helm reads"),
        ("--kustomize-binary", "-k", true, "secretskit release runs no kustomize (jsonPatches and kustomizations are refused in the state)"),
        ("--log-level", null, true, "secretskit has one level; equivalent: SECRETSKIT_DEBUG=1 for more detail"),
        ("--logs", null, false, "helm test's pod logs are not fetched"),
        ("--namespace", "-n", true, "it would move every release: set namespace: in each release (a template may read an environment variable)"),
        ("--no-hooks", null, false, "hooks are rendered and run as the chart says"),
        ("--oci-plain-http", null, false, "OCI registries are reached over TLS"),
        ("--output", null, true, "the diff has one format (unified, secrets redacted) and list prints helmfile's table"),
        ("--output-dir-template", null, true, "equivalent: --output-dir, with helmfile's default layout"),
        ("--post-renderer", null, true, "equivalent: postRenderer: in helmDefaults or the release"),
        ("--post-renderer-args", null, true, "equivalent: postRendererArgs: in helmDefaults or the release"),
        ("--quiet", "-q", false, "secretskit prints stage lines only for the verbs that change the cluster; redirect stderr to hide them"),
        ("--repo-retries", null, true, "helm repo add is run once"),
        ("--reset-values", null, false, "helm upgrade is given the state's values only"),
        ("--reuse-values", null, false, "values come from the state only (reuseValues is refused in the state too)"),
        ("--sequential-helmfiles", null, false, "helmfile.d/ files are loaded as one state and run in needs order"),
        ("--server-side", null, true, "helm applies client-side"),
        ("--show-only", null, true, "template prints every manifest of each release"),
        ("--skip-cleanup", null, false, "it would leave decrypted values on disk"),
        ("--skip-crds", null, false, "CRDs are installed as helm installs them"),
        ("--skip-schema-validation", null, false, "the chart's values.schema.json is always checked"),
        ("--skip-tests", null, false, "template prints the test hooks too"),
        ("--strip-trailing-cr", null, false, "the diff compares manifests as helm prints them"),
        ("--suppress", null, true, "the diff shows every kind (Secrets redacted)"),
        ("--suppress-output-line-regex", null, true, "the diff shows every changed line"),
        ("--sync-args", null, true, $"{NoRawArgs}: use the state's keys"),
        ("--sync-release-labels", null, false, "release labels stay in the state (selectors)"),
        ("--take-ownership", null, false, "helm's --take-ownership is not passed"),
        ("--template-args", null, true, $"{NoRawArgs}: use the state's keys (apiVersions:, kubeVersion:)"),
        ("--track-fail-on-error", null, false, "kubedog tracking is not run: apply and sync wait with helm --wait"),
        ("--track-failed-logs", null, false, "kubedog tracking is not run: apply and sync show helm's own lines"),
        ("--track-logs", null, false, "kubedog tracking is not run: apply and sync show helm's own lines"),
        ("--track-mode", null, true, "kubedog tracking is not run: apply and sync wait with helm --wait"),
        ("--track-timeout", null, true, "kubedog tracking is not run: equivalent: --timeout"),
    ];

    private readonly List<(Option Option, string Name, bool Value, string Why)> _options = [];

    public ReleaseRefusedFlags()
    {
        foreach (var (name, shorthand, value, why) in Table)
        {
            var aliases = shorthand is null ? Array.Empty<string>() : [shorthand];
            Option option = value
                ? new Option<string[]>(name, aliases) { Hidden = true, Recursive = true, Description = "helmfile's; not offered: " + why }
                : new Option<bool>(name, aliases) { Hidden = true, Recursive = true, Description = "helmfile's; not offered: " + why };
            _options.Add((option, name, value, why));
        }
    }

    public IEnumerable<Option> All => _options.Select(o => o.Option);

    /// <summary>Throws for the first refused flag the command line gives, naming it, why and the SecretsKit way.</summary>
    public void Refuse(ParseResult r)
    {
        foreach (var (option, name, value, why) in _options)
        {
            var given = value ? r.GetValue((Option<string[]>)option) is { Length: > 0 } : r.GetValue((Option<bool>)option);
            if (given)
            {
                throw new SecretsKitException(ExitCodes.Generic, $"{name} is helmfile's and secretskit release does not offer it: {why}",
                    "docs/migrate-from-helmfile.md lists every helmfile flag and its SecretsKit way");
            }
        }
    }
}
