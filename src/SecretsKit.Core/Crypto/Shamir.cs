namespace SecretsKit.Core.Crypto;

/// <summary>Shamir secret sharing over GF(2^8) as sops does it (spec §7): 33-byte shares, x as the last byte.</summary>
public static class Shamir
{
    public static byte[][] Split(byte[] secret, int parts, int threshold) => throw new NotImplementedException();

    public static byte[] Combine(IReadOnlyList<byte[]> shares) => throw new NotImplementedException();
}
