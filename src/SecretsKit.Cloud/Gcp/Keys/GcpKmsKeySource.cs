using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Gcp.Keys;

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

    // A file's key name is checked like any other: a crafted one is a failed attempt, and no request is made.
    public IMasterKey FromEntry(MasterKeyEntry entry) => Create(entry.Field("resource_id"));

    public GcpKmsMasterKey Create(string resourceId) =>
        new(GcpKmsResourceId.Validate(resourceId), _client.Value, _time);
}
