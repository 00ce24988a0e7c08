namespace SecretsKit.Core.Stores;

/// <summary>
/// The Secret a PushSecret pushes from, after its template (ESO hands providers the whole Secret): its type, labels,
/// annotations and data (keys after the entry's conversion), and the entry's <c>secretKey</c> (null: the whole Secret).
/// A writer that pushes whole Secrets (ESO's <c>kubernetes</c> provider) reads it; the others use the value alone.
/// </summary>
public sealed record PushSource(
    string? SecretKey,
    string Type,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyDictionary<string, byte[]> Data);
