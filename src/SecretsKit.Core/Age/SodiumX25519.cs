using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>
/// X25519 through libsodium's <c>crypto_scalarmult_curve25519</c> (its AVX ladder, sandy2x, where the CPU has AVX, else
/// ref10): what <see cref="X25519Function"/> calls where <see cref="Libsodium.IsEnabled"/>, the lean native CLI.
/// </summary>
internal static class SodiumX25519
{
    /// <summary>
    /// X25519(scalar, point) as RFC 7748 says (clamped scalar, the point's top bit ignored). All zero when libsodium returns
    /// -1: for an all-zero result, and for a small-order point that ref10 refuses before multiplying (output untouched).
    /// The callers' low-order check looks for exactly that, as with BouncyCastle.
    /// </summary>
    internal static byte[] ScalarMult(byte[] scalar, byte[] point)
    {
        var result = new byte[X25519Function.Size];
        if (Libsodium.ScalarMultCurve25519(result, scalar, point) != 0) Array.Clear(result);
        return result;
    }
}
