using System.Globalization;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Vault.Keys;

/// <summary>
/// A HashiCorp Vault (or OpenBao) transit key as a sops master key: the data key is encrypted by
/// <c>POST /v1/{engine}/encrypt/{key}</c> and the <c>vault:v1:…</c> ciphertext is stored verbatim as <c>enc</c>.
/// </summary>
public sealed class TransitMasterKey : IMasterKey
{
    private readonly TransitKeySource _source;

    internal TransitMasterKey(TransitKeySource source, TransitKeyUri uri)
    {
        _source = source;
        Uri = uri;
    }

    public TransitKeyUri Uri { get; }

    public string KeyType => KeyKinds.HcVault.MetadataKey;

    public string Identifier => Uri.ToString();

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe() => new(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vault_address"] = Uri.VaultAddress,
        ["engine_path"] = Uri.EnginePath,
        ["key_name"] = Uri.KeyName,
        ["created_at"] = Core.Metadata.Rfc3339.Now(_source.Context.Time),
    });

    public async Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        _source.EnsureAllowed(Uri);
        var client = _source.ClientFor(Uri);
        var ciphertext = await client.TransitEncryptAsync(Uri.EnginePath, Uri.KeyName, payload, cancellationToken);
        var createdAt = _source.Context.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new MasterKeyEntry(KeyType, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vault_address"] = Uri.VaultAddress,
            ["engine_path"] = Uri.EnginePath,
            ["key_name"] = Uri.KeyName,
            ["created_at"] = createdAt,
            ["enc"] = ciphertext,
        });
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry.Enc.Length == 0) return UnwrapResult.NotMine("the entry has no enc value");
        try
        {
            _source.EnsureAllowed(Uri);
            _source.WarnIfNotVaultAddr(Uri);
            var client = _source.ClientFor(Uri);
            return UnwrapResult.Success(await client.TransitDecryptAsync(Uri.EnginePath, Uri.KeyName, entry.Enc, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is Core.Errors.SecretsKitException or FormatException or HttpRequestException or OperationCanceledException)
        {
            return UnwrapResult.Failed(ex.Message);
        }
    }

    public override string ToString() => Identifier;
}
