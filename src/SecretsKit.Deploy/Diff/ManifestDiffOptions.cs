namespace SecretsKit.Deploy.Diff;

/// <summary>
/// How to compare manifests: <paramref name="ShowSecrets"/> turns redaction off; <paramref name="SensitiveValues"/> are
/// strings (e.g. every decrypted leaf of the release's secret values) never to be printed, in clear or base64;
/// <paramref name="ContextLines"/> unchanged lines are shown around each change; <paramref name="ReleaseNamespace"/> labels
/// (and matches) objects whose manifest has no <c>metadata.namespace</c>, as helm-diff does with the release's namespace.
/// </summary>
public sealed record ManifestDiffOptions(bool ShowSecrets, IReadOnlyCollection<string> SensitiveValues, int ContextLines = 3,
    string ReleaseNamespace = "default");
