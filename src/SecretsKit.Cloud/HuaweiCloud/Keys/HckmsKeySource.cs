using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

/// <summary>
/// HuaweiCloud KMS keys (sops 3.12): <c>--hckms region:key-uuid</c>, <c>SOPS_HUAWEICLOUD_KMS_IDS</c>, <c>hckms:</c> in
/// creation rules and <c>key_groups</c> (<c>key_id</c>), <c>hckms</c> metadata entries.
/// </summary>
public sealed class HckmsKeySource : IKeySource
{
    // Built on first use, like the other cloud sources: no HttpClient for a process that never meets an hckms key.
    private readonly Lazy<HuaweiKmsClient> _client;
    private readonly TimeProvider _time;
    private readonly Core.Platform.IEnvironment _environment;

    public HckmsKeySource(KeySourceContext context, CloudKeyOptions? options = null)
    {
        var effective = options ?? CloudKeyOptions.Default;
        _client = new Lazy<HuaweiKmsClient>(() => new HuaweiKmsClient(context, effective));
        _time = context.Time;
        _environment = context.Environment;
    }

    public KeyKind Kind => KeyKinds.Hckms;

    public IMasterKey Parse(string text, KeyParseOptions options) => Create(text);

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
        Create(fields.TryGetValue("key_id", out var id) ? id : "");

    // Checked like a key from a flag: a crafted id is a failed unwrap attempt, and no request is made.
    public IMasterKey FromEntry(MasterKeyEntry entry) => Create(entry.Field("key_id"));

    /// <summary>A key from its <c>region:key-uuid</c> id.</summary>
    public HckmsMasterKey Create(string keyId)
    {
        var id = HuaweiCloudKeyId.Parse(keyId);
        HuaweiCloudRegions.Endpoint(id.Region, _environment); // refuses a region with neither a known nor a configured endpoint
        return new HckmsMasterKey(id, _client.Value, _time);
    }
}
