namespace SecretsKit.Deploy.Diff;

/// <summary>
/// The outcome of <see cref="ManifestDiff.Compare"/>: whether any document differs, the printable (redacted) diff, and
/// how many documents (Kubernetes objects) would be added, removed and changed.
/// </summary>
public sealed record ManifestDiffResult(bool HasChanges, string Text, int Added, int Removed, int Changed);
