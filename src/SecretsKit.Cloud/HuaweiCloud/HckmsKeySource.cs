using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.HuaweiCloud;

/// <summary>
/// HuaweiCloud KMS keys (sops 3.12): <c>--hckms region:key-uuid</c>, <c>SOPS_HUAWEICLOUD_KMS_IDS</c>, <c>hckms:</c> in
/// creation rules and <c>key_groups</c> (<c>key_id</c>), <c>hckms</c> metadata entries.
/// </summary>
public sealed class HckmsKeySource : IKeySource
{
    // Built on first use, like the other cloud sources: no HttpClient for a process that never meets an hckms key.
    private readonly Lazy<HuaweiKmsClient> _client;
    private readonly TimeProvider _time;

    public HckmsKeySource(KeySourceContext context, CloudKeyOptions? options = null)
    {
        var effective = options ?? CloudKeyOptions.Default;
        _client = new Lazy<HuaweiKmsClient>(() => new HuaweiKmsClient(context, effective));
        _time = context.Time;
    }

    public KeyKind Kind => KeyKinds.Hckms;

    public IMasterKey Parse(string text, KeyParseOptions options) => Create(text);

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
        Create(fields.TryGetValue("key_id", out var id) ? id : "");

    // Not validated beyond its shape: an unreachable or foreign key becomes a failed unwrap attempt, not a crash.
    public IMasterKey FromEntry(MasterKeyEntry entry) => Create(entry.Field("key_id"));

    /// <summary>A key from its <c>region:key-uuid</c> id.</summary>
    public HckmsMasterKey Create(string keyId) => new(HuaweiCloudKeyId.Parse(keyId), _client.Value, _time);
}
