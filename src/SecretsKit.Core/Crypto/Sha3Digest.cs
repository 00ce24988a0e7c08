using SecretsKit.Core.Crypto.PostQuantum;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// SHA3-224 (FIPS 202) in managed code, for callers outside Core: the BCL has SHA3-256 and up only, and ESO names
/// things by SHA3-224 digests (its <c>ObjectHash</c>).
/// </summary>
public static class Sha3Digest
{
    /// <summary>The SHA3-224 digest of <paramref name="data"/> as 56 lower-case hex digits.</summary>
    public static string Hash224Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Keccak.Sha3_224(data));
}
