using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Cloud.Gcp.Keys;

/// <summary>A Google Cloud KMS crypto key (<c>gcp_kms</c> entries: <c>resource_id</c>, <c>created_at</c>, <c>enc</c>).</summary>
public sealed class GcpKmsMasterKey : IMasterKey
{
    private readonly GcpKmsClient _client;
    private readonly TimeProvider _time;

    internal GcpKmsMasterKey(string resourceId, GcpKmsClient client, TimeProvider time)
    {
        ResourceId = resourceId;
        _client = client;
        _time = time;
    }

    public string ResourceId { get; }

    public string KeyType => KeyKinds.GcpKms.MetadataKey;

    public string Identifier => ResourceId;

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe() => new(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["resource_id"] = ResourceId,
        ["created_at"] = Rfc3339.Now(_time),
    });

    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            var ciphertext = await _client.EncryptAsync(ResourceId, payload.ToArray(), cancellationToken).ConfigureAwait(false);
            return new MasterKeyEntry(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["resource_id"] = ResourceId,
                ["created_at"] = Rfc3339.Now(_time),
                ["enc"] = Convert.ToBase64String(ciphertext),
            });
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw KeyFailure.Wrap(KeyType, ResourceId, error);
        }
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry.KeyType != KeyType)
        {
            return UnwrapResult.NotMine($"gcp_kms: entry is of type '{entry.KeyType}'");
        }
        try
        {
            var ciphertext = Convert.FromBase64String(entry.Enc);
            return UnwrapResult.Success(await _client.DecryptAsync(ResourceId, ciphertext, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return UnwrapResult.Failed(KeyFailure.Describe(KeyType, "decrypting the data key", ResourceId, error));
        }
    }

    public override string ToString() => ResourceId;
}
