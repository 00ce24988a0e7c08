using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Metadata;

namespace SecretsKit.Cloud.Azure.Keys;

/// <summary>
/// An Azure Key Vault RSA key (<c>azure_kv</c> entries: <c>vault_url</c>, <c>name</c>, <c>version</c>, <c>created_at</c>,
/// <c>enc</c>). Wraps with the <c>encrypt</c> operation (RSA-OAEP-256); <c>enc</c> is base64url without padding. A key
/// given without version is pinned to the current version when it first wraps, and that version is stored.
/// </summary>
public sealed class AzureKeyVaultMasterKey : IMasterKey
{
    private readonly Lazy<AzureKeyVaultKeyClient> _client;
    private readonly TimeProvider _time;

    internal AzureKeyVaultMasterKey(string vaultUrl, string name, string version, Lazy<AzureKeyVaultKeyClient> client, TimeProvider time)
    {
        VaultUrl = vaultUrl.TrimEnd('/');
        Name = name;
        Version = version;
        _client = client;
        _time = time;
    }

    public string VaultUrl { get; }

    public string Name { get; }

    /// <summary>The key version; empty until resolved to the latest one.</summary>
    public string Version { get; }

    public string KeyType => KeyKinds.AzureKeyVault.MetadataKey;

    public string Identifier => Version.Length > 0 ? $"{VaultUrl}/keys/{Name}/{Version}" : $"{VaultUrl}/keys/{Name}";

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe() => new(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vault_url"] = VaultUrl,
        ["name"] = Name,
        ["version"] = Version,
        ["created_at"] = Rfc3339.Now(_time),
    });

    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = Version.Length > 0
                ? Version
                : await _client.Value.GetLatestVersionAsync(VaultUrl, Name, cancellationToken).ConfigureAwait(false);
            var ciphertext = await _client.Value.EncryptAsync(VaultUrl, Name, version, payload.ToArray(), cancellationToken).ConfigureAwait(false);
            return new MasterKeyEntry(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["vault_url"] = VaultUrl,
                ["name"] = Name,
                ["version"] = version,
                ["created_at"] = Rfc3339.Now(_time),
                ["enc"] = Base64Url.Encode(ciphertext),
            });
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw KeyFailure.Wrap(KeyType, Identifier, error);
        }
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry.KeyType != KeyType)
        {
            return UnwrapResult.NotMine($"azure_kv: entry is of type '{entry.KeyType}'");
        }
        try
        {
            var ciphertext = Base64Url.Decode(entry.Enc);
            var version = Version.Length > 0
                ? Version
                : await _client.Value.GetLatestVersionAsync(VaultUrl, Name, cancellationToken).ConfigureAwait(false);
            return UnwrapResult.Success(
                await _client.Value.DecryptAsync(VaultUrl, Name, version, ciphertext, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            return UnwrapResult.Failed(KeyFailure.Describe(KeyType, "decrypting the data key", Identifier, error));
        }
    }

    public override string ToString() => Identifier;
}
