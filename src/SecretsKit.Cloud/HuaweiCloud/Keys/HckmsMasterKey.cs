using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Cloud.HuaweiCloud.Keys;

/// <summary>A HuaweiCloud KMS key (<c>hckms</c> entries: <c>key_id</c> as <c>region:key-uuid</c>, <c>created_at</c>, <c>enc</c>).</summary>
public sealed class HckmsMasterKey : IMasterKey
{
    private readonly HuaweiCloudKeyId _key;
    private readonly HuaweiKmsClient _client;
    private readonly TimeProvider _time;

    internal HckmsMasterKey(HuaweiCloudKeyId key, HuaweiKmsClient client, TimeProvider time)
    {
        _key = key;
        _client = client;
        _time = time;
    }

    public string KeyType => KeyKinds.Hckms.MetadataKey;

    /// <summary>The key id as written: <c>region:key-uuid</c>.</summary>
    public string Identifier => _key.Text;

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe() => new(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["key_id"] = _key.Text,
        ["created_at"] = Rfc3339.Now(_time),
    });

    /// <summary>Like sops: <c>plain_text</c> is the base64 of the data key, <c>enc</c> the returned <c>cipher_text</c> as is.</summary>
    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            var cipherText = await _client.EncryptDataAsync(_key, Convert.ToBase64String(payload.Span), cancellationToken).ConfigureAwait(false);
            return new MasterKeyEntry(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["key_id"] = _key.Text,
                ["created_at"] = Rfc3339.Now(_time),
                ["enc"] = cipherText,
            });
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw KeyFailure.Wrap(KeyType, _key.Text, error);
        }
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry.KeyType != KeyType)
        {
            return UnwrapResult.NotMine($"hckms: entry is of type '{entry.KeyType}'");
        }
        try
        {
            var plainText = await _client.DecryptDataAsync(_key, entry.Enc, cancellationToken).ConfigureAwait(false);
            return UnwrapResult.Success(Convert.FromBase64String(plainText));
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return UnwrapResult.Failed(KeyFailure.Describe(KeyType, "decrypting the data key", _key.Text, error));
        }
    }

    public override string ToString() => _key.Text;
}
