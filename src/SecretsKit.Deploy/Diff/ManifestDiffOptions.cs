namespace SecretsKit.Deploy.Diff;

/// <summary>
/// How to compare manifests: <paramref name="ShowSecrets"/> turns redaction off; <paramref name="SensitiveValues"/> are
/// strings (e.g. every decrypted leaf of the release's secret values) never to be printed, in clear or base64;
/// <paramref name="ContextLines"/> unchanged lines are shown around each change.
/// </summary>
public sealed record ManifestDiffOptions(bool ShowSecrets, IReadOnlyCollection<string> SensitiveValues, int ContextLines = 3);
