using SecretsKit.Core.Age;
using SecretsKit.Core.Tests.Crypto.Support;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// The two X25519 implementations, for theories that hold both to the same vectors (<see cref="SystemLibsodium.Implementations"/>):
/// BouncyCastle (every build but the lean native CLI) and libsodium (the lean native CLI, linked statically there; here
/// the system's libsodium.so, which must be there).
/// </summary>
internal static class X25519Implementations
{
    public static byte[] ScalarMult(string implementation, byte[] scalar, byte[] point)
    {
        if (implementation == SystemLibsodium.BouncyCastle) return X25519Function.BouncyCastleScalarMult(scalar, point);
        SystemLibsodium.Require();
        return SodiumX25519.ScalarMult(scalar, point);
    }

    public static byte[] PublicKey(string implementation, byte[] scalar)
    {
        var basePoint = new byte[X25519Function.Size];
        basePoint[0] = 9;
        return ScalarMult(implementation, scalar, basePoint);
    }
}
