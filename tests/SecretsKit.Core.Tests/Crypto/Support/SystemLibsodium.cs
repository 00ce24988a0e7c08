using System.Runtime.InteropServices;

namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>
/// The system's libsodium.so, through which the tests call what the lean native CLI links statically (Core/Crypto/
/// Libsodium.cs). A missing library fails the test, it does not skip it: scripts/setup.sh installs it (libsodium-dev).
/// </summary>
internal static class SystemLibsodium
{
    public const string BouncyCastle = "BouncyCastle";
    public const string Libsodium = "libsodium";

    /// <summary>Both implementations, for theories that hold them to the same vectors.</summary>
    public static TheoryData<string> Implementations => new() { BouncyCastle, Libsodium };

    public static void Require()
    {
        if (!NativeLibrary.TryLoad("libsodium.so", out var handle))
            Assert.Fail("libsodium.so not found: run scripts/setup.sh (Debian package libsodium-dev), which the lean native CLI links");
        NativeLibrary.Free(handle);
    }
}
