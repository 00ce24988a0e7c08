using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Gcp;

/// <summary>GCP KMS keys: <c>--gcp-kms</c>, <c>SOPS_GCP_KMS_IDS</c>, <c>gcp_kms:</c> in <c>.sops.yaml</c>, <c>gcp_kms</c> entries.</summary>
public sealed class GcpKmsKeySource : IKeySource
{
    public const string Type = "gcp_kms";

    private readonly GcpKmsClient _client;
    private readonly TimeProvider _time;

    public GcpKmsKeySource(KeySourceContext context, CloudKeyOptions? options = null)
    {
        _client = new GcpKmsClient(context, options ?? CloudKeyOptions.Default);
        _time = context.Time;
    }

    public string KeyType => Type;

    public string CliName => "gcp-kms";

    public string? RecipientsEnvironmentVariable => "SOPS_GCP_KMS_IDS";

    public string ConfigRuleKey => "gcp_kms";

    public string ConfigGroupKey => "gcp_kms";

    public IMasterKey Parse(string text, KeyParseOptions options) => Create(text.Replace(" ", "", StringComparison.Ordinal));

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
        Create(fields.TryGetValue("resource_id", out var id) ? id.Trim() : "");

    public IMasterKey FromEntry(MasterKeyEntry entry) => new GcpKmsMasterKey(entry.Field("resource_id"), _client, _time);

    public GcpKmsMasterKey Create(string resourceId)
    {
        if (!GcpKmsResourceId.IsValid(resourceId))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"gcp_kms: '{resourceId}' is not a crypto key name (expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)");
        }
        return new GcpKmsMasterKey(resourceId, _client, _time);
    }
}
