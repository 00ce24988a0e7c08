using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// libsodium, for the lean native CLI only: its linux-x64 AOT publish links Debian's libsodium.a statically and sets
/// <see cref="IsEnabled"/> (src/SecretsKit.Cli.Lean/SecretsKit.Cli.Lean.csproj says why), so X25519 (Age/SodiumX25519.cs)
/// and HMAC-SHA256 (<see cref="ManagedSha256"/>) run there in native code. Everything else (JIT builds, the full CLI, the
/// portable tool) keeps BouncyCastle and never loads libsodium; the tests call this class through the system's
/// libsodium.so. <c>sodium_init</c> runs once first, as libsodium's documentation asks: 1.0.18 would work without it (its
/// X25519 implementation pointer starts as ref10), but only <c>sodium_init</c> picks the AVX ladder: 0.36 M instructions
/// against Debian's ref10's 0.56 M, for ~600 of its own and two 16-byte getrandom calls (bench/README.md, #81).
/// </summary>
internal static class Libsodium
{
    /// <summary>The AppContext switch; the lean csproj sets it (Trim="true") so the native compiler folds the other path away.</summary>
    internal const string Switch = "SecretsKit.Core.Crypto.Libsodium.IsEnabled";

    private const string Library = "libsodium";

    /// <summary>0 the first time, 1 after; -1 when libsodium cannot start (no system random source).</summary>
    private static readonly int Initialized = SodiumInit();

    private static readonly int HmacSha256StateSize = (int)HmacSha256StateBytes();

    [FeatureSwitchDefinition(Switch)]
    internal static bool IsEnabled => AppContext.TryGetSwitch(Switch, out var enabled) && enabled;

    /// <summary><c>crypto_scalarmult_curve25519(q, n, p)</c>: 0, or -1 for a small-order point or an all-zero result.</summary>
    internal static int ScalarMultCurve25519(byte[] q, byte[] n, byte[] p)
    {
        RequireInitialized();
        return CryptoScalarMultCurve25519(q, n, p);
    }

    /// <summary>HMAC-SHA256 (RFC 2104; a key longer than a block is hashed first).</summary>
    internal static byte[] HmacSha256(byte[] key, byte[] data)
    {
        RequireInitialized();
        var state = new byte[HmacSha256StateSize];
        var mac = new byte[ManagedSha256.HashSize];
        var failed = HmacSha256Init(state, key, (nuint)key.Length) != 0 || HmacSha256Update(state, data, (ulong)data.Length) != 0
            || HmacSha256Final(state, mac) != 0;
        CryptographicOperations.ZeroMemory(state);
        if (failed) throw new CryptographicException("libsodium HMAC-SHA256 failed");
        return mac;
    }

    private static void RequireInitialized()
    {
        if (Initialized < 0) throw new CryptographicException("libsodium could not be initialized");
    }

    [DllImport(Library, EntryPoint = "sodium_init")]
    private static extern int SodiumInit();

    [DllImport(Library, EntryPoint = "crypto_scalarmult_curve25519")]
    private static extern int CryptoScalarMultCurve25519(byte[] q, byte[] n, byte[] p);

    [DllImport(Library, EntryPoint = "crypto_auth_hmacsha256_statebytes")]
    private static extern nuint HmacSha256StateBytes();

    [DllImport(Library, EntryPoint = "crypto_auth_hmacsha256_init")]
    private static extern int HmacSha256Init(byte[] state, byte[] key, nuint keyLength);

    [DllImport(Library, EntryPoint = "crypto_auth_hmacsha256_update")]
    private static extern int HmacSha256Update(byte[] state, byte[] data, ulong length);

    [DllImport(Library, EntryPoint = "crypto_auth_hmacsha256_final")]
    private static extern int HmacSha256Final(byte[] state, byte[] mac);
}
