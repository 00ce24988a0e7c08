using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>
/// A passphrase-protected OpenSSH key (Ed25519 or RSA) as an age identity, as age's <c>agessh.EncryptedSSHIdentity</c>
/// and sops use one: the public key is in the file unencrypted, so a stanza is matched by its tag first and the
/// passphrase is asked (once, from <see cref="IPassphraseReader"/>: the terminal) only when a stanza is for this key.
/// The passphrase is never kept; the decrypted key is kept for later files of the same run.
/// </summary>
public sealed class EncryptedSshIdentity : IAgeIdentity
{
    private readonly OpenSshKeyCipher _cipher;
    private readonly byte[] _section;
    private readonly string _source;
    private readonly IPassphraseReader _passphrases;
    private readonly string _stanzaType;
    private readonly string _tag;
    private readonly Lock _gate = new();
    private IAgeIdentity? _unlocked;

    internal EncryptedSshIdentity(OpenSshKeyCipher cipher, byte[] publicKey, byte[] section, string source, IPassphraseReader passphrases)
    {
        _cipher = cipher;
        _section = section;
        _source = source;
        _passphrases = passphrases;
        _stanzaType = new SshWire(publicKey).ReadText();
        if (_stanzaType != SshEd25519Recipient.StanzaType && _stanzaType != SshRsaRecipient.StanzaType)
        {
            throw new AgeException($"unsupported SSH key type '{_stanzaType}' (age supports ssh-ed25519 and ssh-rsa)");
        }
        _tag = SshPublicKeyLine.Tag(publicKey);
    }

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        if (!stanzas.Any(s => s.Type == _stanzaType && s.Arguments.Count > 0 && s.Arguments[0] == _tag)) return null;
        return Unlock().Unwrap(stanzas);
    }

    private IAgeIdentity Unlock()
    {
        lock (_gate)
        {
            if (_unlocked is not null) return _unlocked;
            var passphrase = _passphrases.ReadPassphraseAsync($"Enter passphrase for \"{_source}\":").GetAwaiter().GetResult();
            var plain = _cipher.Decrypt(passphrase, _section);
            try
            {
                if (plain.Length < 8 || !plain.AsSpan(0, 4).SequenceEqual(plain.AsSpan(4, 4)))
                {
                    throw new AgeException($"SSH private key {_source}: incorrect passphrase");
                }
                _unlocked = Parse(plain);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
            return _unlocked;
        }
    }

    private IAgeIdentity Parse(byte[] plain)
    {
        try
        {
            return OpenSshPrivateKey.ParsePrivateSection(plain);
        }
        catch (AgeException e)
        {
            throw new AgeException($"SSH private key {_source}: {e.Message}", inner: e);
        }
    }
}
