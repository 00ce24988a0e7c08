using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Generators;

namespace SecretsKit.Core.Age;

/// <summary>
/// age's passphrase recipient: scrypt(passphrase, "age-encryption.org/v1/scrypt" ‖ salt, N = 2^workFactor, r = 8, p = 1)
/// wraps the file key; stanza <c>-&gt; scrypt salt workFactor</c>. It must be the only stanza of a file.
/// </summary>
public sealed class ScryptRecipient : IAgeRecipient
{
    internal const string StanzaType = "scrypt";
    internal const string SaltLabel = "age-encryption.org/v1/scrypt";
    internal const int SaltSize = 16;
    private readonly byte[] _passphrase;
    private readonly int _workFactor;

    public ScryptRecipient(string passphrase, int workFactor = 18)
    {
        if (passphrase.Length == 0) throw new AgeException("passphrase can't be empty");
        if (workFactor is < 1 or > 30) throw new AgeException("invalid scrypt work factor (1-30)");
        _passphrase = Encoding.UTF8.GetBytes(passphrase);
        _workFactor = workFactor;
    }

    public IReadOnlyList<AgeStanza> Wrap(byte[] fileKey)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltSize);
        var key = DeriveKey(_passphrase, salt, _workFactor);
        var body = AgePrimitives.AeadSeal(key, fileKey);
        return [new AgeStanza(StanzaType,
            [AgePrimitives.EncodeRaw(salt), _workFactor.ToString(CultureInfo.InvariantCulture)], body)];
    }

    internal static byte[] DeriveKey(byte[] passphrase, byte[] salt, int workFactor) =>
        SCrypt.Generate(passphrase, AgePrimitives.Concat(Encoding.ASCII.GetBytes(SaltLabel), salt), 1 << workFactor, 8, 1, 32);
}
