using System.Text;
using SecretsKit.Core.Keys;

namespace SecretsKit.Core.Age;

/// <summary>
/// One age recipient in the sops metadata (<c>recipient</c>, <c>enc</c>). Wrapping encrypts to the recipient with
/// armor exactly as sops does; unwrapping tries every identity <see cref="AgeKeySource"/> discovered.
/// </summary>
public sealed class AgeMasterKey : IMasterKey
{
    private readonly AgeKeySource _source;

    internal AgeMasterKey(string recipient, AgeKeySource source)
    {
        Identifier = recipient;
        _source = source;
    }

    public string KeyType => KeyKinds.Age.MetadataKey;

    /// <summary>The recipient string (<c>age1…</c>, or an SSH public key line).</summary>
    public string Identifier { get; }

    /// <summary>The metadata entry naming this key, without <c>enc</c> (what a sops key service is sent).</summary>
    public MasterKeyEntry Describe() =>
        new(KeyType, new Dictionary<string, string>(StringComparer.Ordinal) { ["recipient"] = Identifier });

    public Task<MasterKeyEntry> WrapAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var recipient = AgeRecipientParser.Parse(Identifier);
        var enc = AgeEncryptor.EncryptArmored(payload.Span, [recipient]);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["recipient"] = Identifier,
            ["enc"] = enc,
        };
        return Task.FromResult(new MasterKeyEntry(KeyKinds.Age.MetadataKey, fields));
    }

    public async Task<UnwrapResult> UnwrapAsync(MasterKeyEntry entry, CancellationToken cancellationToken = default)
    {
        if (entry.Enc.Length == 0) return UnwrapResult.Failed("the age entry has no enc value");
        AgeIdentitySet identities;
        try
        {
            identities = await _source.GetIdentitiesAsync(Identifier, cancellationToken);
        }
        catch (AgeException e)
        {
            return UnwrapResult.Failed(e.Message);
        }
        try
        {
            var dataKey = AgeDecryptor.Decrypt(Encoding.UTF8.GetBytes(entry.Enc), identities.Identities, out var opener);
            return UnwrapResult.Success(dataKey) with { UnwrappedByName = () => RecipientOf(opener) };
        }
        catch (AgeNoIdentityMatchedException e)
        {
            return UnwrapResult.NotMine(
                $"no age identity matched (stanza types: {string.Join(", ", e.StanzaTypes)}; {identities.Describe()})");
        }
        catch (AgeException e)
        {
            return UnwrapResult.Failed($"failed to decrypt the age data key: {e.Message}");
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            return UnwrapResult.Failed($"failed to decrypt the age data key: {e.Message}");
        }
    }

    public override string ToString() => Identifier;

    /// <summary>The recipient of the identity that opened the file; a plugin or passphrase identity has none to show.</summary>
    private static string RecipientOf(IAgeIdentity identity) => identity switch
    {
        X25519Identity x => x.Recipient.ToString(),
        HybridIdentity h => h.Recipient.ToString(),
        SshEd25519Identity e => e.Recipient.ToString(),
        SshRsaIdentity r => r.Recipient.ToString(),
        AgePluginIdentity => "(an age plugin identity)",
        _ => "(a passphrase)",
    };
}
