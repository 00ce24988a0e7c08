using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace SecretsKit.Core.Age;

/// <summary>
/// X25519 through libsodium's <c>crypto_scalarmult_curve25519</c> (native code: its AVX ladder, sandy2x, where the CPU
/// has AVX, else ref10), used only where <see cref="IsEnabled"/> is switched on: the lean native CLI, which links
/// libsodium.a statically (src/SecretsKit.Cli.Lean/SecretsKit.Cli.Lean.csproj says why). Everything else (JIT builds, the
/// full CLI, the portable tool) keeps BouncyCastle and never loads libsodium; the tests call <see cref="ScalarMult"/>
/// through the system's libsodium.so. <c>sodium_init</c> runs once first, as libsodium's documentation asks: 1.0.18 would
/// work without it (its implementation pointer starts as ref10), but only <c>sodium_init</c> picks the AVX ladder: 0.36 M
/// instructions against Debian's ref10's 0.56 M, for ~600 of its own and two 16-byte getrandom calls (bench/README.md, #81).
/// </summary>
internal static class SodiumX25519
{
    /// <summary>The AppContext switch; the lean csproj sets it (Trim="true") so the native compiler folds the other path away.</summary>
    internal const string Switch = "SecretsKit.Core.Age.SodiumX25519.IsEnabled";

    /// <summary>0 the first time, 1 after; -1 when libsodium cannot start (no system random source).</summary>
    private static readonly int Initialized = SodiumInit();

    [FeatureSwitchDefinition(Switch)]
    internal static bool IsEnabled => AppContext.TryGetSwitch(Switch, out var enabled) && enabled;

    /// <summary>
    /// X25519(scalar, point) as RFC 7748 says (clamped scalar, the point's top bit ignored). All zero when libsodium returns
    /// -1: for an all-zero result, and for a small-order point that ref10 refuses before multiplying (output untouched).
    /// The callers' low-order check looks for exactly that, as with BouncyCastle.
    /// </summary>
    internal static byte[] ScalarMult(byte[] scalar, byte[] point)
    {
        if (Initialized < 0) throw new AgeException("libsodium could not be initialized");
        var result = new byte[X25519Function.Size];
        if (CryptoScalarMultCurve25519(result, scalar, point) != 0) Array.Clear(result);
        return result;
    }

    [DllImport("libsodium", EntryPoint = "sodium_init")]
    private static extern int SodiumInit();

    [DllImport("libsodium", EntryPoint = "crypto_scalarmult_curve25519")]
    private static extern int CryptoScalarMultCurve25519(byte[] q, byte[] n, byte[] p);
}
