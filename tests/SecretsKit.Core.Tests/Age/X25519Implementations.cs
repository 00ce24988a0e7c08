using System.Runtime.InteropServices;
using SecretsKit.Core.Age;

namespace SecretsKit.Core.Tests.Age;

/// <summary>
/// The two X25519 implementations, for theories that hold both to the same vectors: BouncyCastle (every build but the
/// lean native CLI) and libsodium (the lean native CLI, linked statically there; here the system's libsodium.so). A
/// missing libsodium.so fails the test, it does not skip it: scripts/setup.sh installs it.
/// </summary>
internal static class X25519Implementations
{
    public const string BouncyCastle = "BouncyCastle";
    public const string Libsodium = "libsodium";

    public static TheoryData<string> Names => new() { BouncyCastle, Libsodium };

    public static byte[] ScalarMult(string implementation, byte[] scalar, byte[] point)
    {
        if (implementation == BouncyCastle) return X25519Function.BouncyCastleScalarMult(scalar, point);
        RequireLibsodium();
        return SodiumX25519.ScalarMult(scalar, point);
    }

    public static byte[] PublicKey(string implementation, byte[] scalar)
    {
        var basePoint = new byte[X25519Function.Size];
        basePoint[0] = 9;
        return ScalarMult(implementation, scalar, basePoint);
    }

    public static void RequireLibsodium()
    {
        if (!NativeLibrary.TryLoad("libsodium.so", out var handle))
            Assert.Fail("libsodium.so not found: run scripts/setup.sh (Debian package libsodium-dev), which the lean native CLI links");
        NativeLibrary.Free(handle);
    }
}
