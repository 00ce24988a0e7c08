namespace SecretsKit.Core.Keys;

/// <summary>
/// One master key as stored in the <c>sops</c> metadata: its type (the metadata list name: <c>age</c>, <c>pgp</c>,
/// <c>kms</c>, <c>gcp_kms</c>, <c>azure_kv</c>, <c>hc_vault</c>), its scalar fields by metadata name
/// (<c>recipient</c>, <c>fp</c>, <c>arn</c>, <c>created_at</c>, <c>enc</c>, …) and, for KMS, the encryption context.
/// </summary>
public sealed record MasterKeyEntry(
    string KeyType,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyDictionary<string, string>? Context = null)
{
    /// <summary>The wrapped data key (or Shamir share), or empty when not yet wrapped.</summary>
    public string Enc => Fields.TryGetValue("enc", out var v) ? v : "";

    public string Field(string name) => Fields.TryGetValue(name, out var v) ? v : "";

    public MasterKeyEntry WithField(string name, string value)
    {
        var copy = new Dictionary<string, string>(Fields, StringComparer.Ordinal) { [name] = value };
        return this with { Fields = copy };
    }
}
