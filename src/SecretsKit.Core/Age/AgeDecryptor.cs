using System.Security.Cryptography;

namespace SecretsKit.Core.Age;

/// <summary>Decrypts an age file (binary or armored) with the first identity that opens one of its stanzas.</summary>
public static class AgeDecryptor
{
    /// <summary>True when the bytes are an age file: armored, or starting with the v1 version line.</summary>
    public static bool IsAgeFile(ReadOnlySpan<byte> data) =>
        AgeArmor.IsArmored(data) || data.StartsWith("age-encryption.org/v1\n"u8);

    /// <exception cref="AgeNoIdentityMatchedException">No identity opened any stanza.</exception>
    /// <exception cref="AgeException">Malformed file, bad header MAC, or a payload that fails authentication.</exception>
    public static byte[] Decrypt(ReadOnlySpan<byte> data, IReadOnlyList<IAgeIdentity> identities) => Decrypt(data, identities, out _);

    /// <summary>As <see cref="Decrypt(ReadOnlySpan{byte}, IReadOnlyList{IAgeIdentity})"/>; <paramref name="opener"/> is the identity that opened a stanza.</summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> data, IReadOnlyList<IAgeIdentity> identities, out IAgeIdentity opener)
    {
        var binary = AgeArmor.IsArmored(data) ? AgeArmor.Decode(data) : data.ToArray();
        var header = AgeHeader.Parse(binary);
        if (header.Stanzas.Count == 0) throw new AgeException("failed to read header: no recipients");
        if (header.Stanzas.Any(s => s.Type == ScryptRecipient.StanzaType) && header.Stanzas.Count != 1)
        {
            throw new AgeException("an scrypt recipient must be the only one");
        }
        byte[]? fileKey = null;
        opener = null!;
        foreach (var identity in identities)
        {
            fileKey = identity.Unwrap(header.Stanzas);
            if (fileKey is null) continue;
            opener = identity;
            break;
        }
        if (fileKey is null)
        {
            throw new AgeNoIdentityMatchedException(header.Stanzas.Select(s => s.Type).Distinct().ToList());
        }
        try
        {
            if (!header.VerifyMac(fileKey)) throw new AgeException("bad header MAC");
            return PayloadStream.Decrypt(fileKey, binary.AsSpan(header.Length));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }
}
