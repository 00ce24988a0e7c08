using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Gcp;

/// <summary>GCP KMS keys: <c>--gcp-kms</c>, <c>SOPS_GCP_KMS_IDS</c>, <c>gcp_kms:</c> in <c>.sops.yaml</c>, <c>gcp_kms</c> entries.</summary>
public sealed class GcpKmsKeySource : IKeySource
{
    // Built on first use: the client's retrying HttpClient (Polly, System.Net.Http) is not needed by a process that
    // never meets a GCP key, so it is not created at start-up.
    private readonly Lazy<GcpKmsClient> _client;
    private readonly TimeProvider _time;

    public GcpKmsKeySource(KeySourceContext context, CloudKeyOptions? options = null)
    {
        var effective = options ?? CloudKeyOptions.Default;
        _client = new Lazy<GcpKmsClient>(() => new GcpKmsClient(context, effective));
        _time = context.Time;
    }

    public KeyKind Kind => KeyKinds.GcpKms;

    public IMasterKey Parse(string text, KeyParseOptions options) => Create(text.Replace(" ", "", StringComparison.Ordinal));

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context) =>
        Create(fields.TryGetValue("resource_id", out var id) ? id.Trim() : "");

    public IMasterKey FromEntry(MasterKeyEntry entry) => new GcpKmsMasterKey(entry.Field("resource_id"), _client.Value, _time);

    public GcpKmsMasterKey Create(string resourceId)
    {
        if (!GcpKmsResourceId.IsValid(resourceId))
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"gcp_kms: '{resourceId}' is not a crypto key name (expected projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>)");
        }
        return new GcpKmsMasterKey(resourceId, _client.Value, _time);
    }
}
