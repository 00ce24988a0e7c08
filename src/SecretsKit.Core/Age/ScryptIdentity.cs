using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>Opens an age file encrypted with a passphrase (a lone <c>scrypt</c> stanza), up to a maximum work factor.</summary>
public sealed class ScryptIdentity : IAgeIdentity
{
    private readonly byte[] _passphrase;
    private readonly int _maxWorkFactor;

    public ScryptIdentity(string passphrase, int maxWorkFactor = 22)
    {
        _passphrase = Encoding.UTF8.GetBytes(passphrase);
        _maxWorkFactor = maxWorkFactor;
    }

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        if (stanzas.Any(s => s.Type == ScryptRecipient.StanzaType) && stanzas.Count != 1)
        {
            throw new AgeException("an scrypt recipient must be the only one");
        }
        foreach (var s in stanzas)
        {
            if (s.Type != ScryptRecipient.StanzaType) continue;
            if (s.Arguments.Count != 2) throw new AgeException("invalid scrypt recipient block");
            var salt = AgePrimitives.DecodeRaw(s.Arguments[0]);
            if (salt.Length != ScryptRecipient.SaltSize) throw new AgeException("invalid scrypt recipient block");
            var wf = s.Arguments[1];
            if (wf.Length == 0 || wf.Length > 2 || wf[0] == '0' || !wf.All(char.IsAsciiDigit))
            {
                throw new AgeException("scrypt work factor encoding invalid");
            }
            var workFactor = int.Parse(wf, System.Globalization.CultureInfo.InvariantCulture);
            if (workFactor > _maxWorkFactor) throw new AgeException($"scrypt work factor too large: {workFactor}");
            var key = ScryptRecipient.DeriveKey(_passphrase, salt, workFactor);
            var fileKey = AgePrimitives.AeadOpen(key, AgePrimitives.FileKeySize, s.Body, "scrypt");
            if (fileKey is not null) return fileKey;
        }
        return null;
    }
}
