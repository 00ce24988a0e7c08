using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>Which ML-KEM-768 implementation runs: the platform's <see cref="MLKem"/> (OpenSSL ≥ 3.5) or <see cref="ManagedMlKem768"/>.</summary>
internal enum MlKemBackend
{
    Managed,
    Platform,
}

/// <summary>
/// ML-KEM-768 (FIPS 203) as the age hybrid recipients use it: keys from a 64-byte seed d ‖ z, encapsulation with
/// fresh randomness, decapsulation with implicit rejection. Uses <see cref="MLKem"/> where the platform supports it,
/// else the managed implementation; both pass the same ACVP vectors.
/// </summary>
internal static class MlKem768
{
    public const int SeedSize = 64;
    public const int EncapsulationKeySize = ManagedMlKem768.EncapsulationKeySize;
    public const int CiphertextSize = ManagedMlKem768.CiphertextSize;
    public const int SharedSecretSize = ManagedMlKem768.SharedSecretSize;

    /// <summary>
    /// The platform implementation when it is available, else the managed one. A native AOT process (the native CLI)
    /// always uses the managed one without even asking <see cref="MLKem.IsSupported"/>, which loads OpenSSL (~4 ms of a
    /// native decrypt; the CLI's other primitives are managed for the same reason, see ChaCha20Poly1305Aead).
    /// </summary>
    public static MlKemBackend DefaultBackend =>
        RuntimeFeature.IsDynamicCodeSupported && MLKem.IsSupported ? MlKemBackend.Platform : MlKemBackend.Managed;

    /// <summary>Every implementation this process can run (the managed one always).</summary>
    public static IReadOnlyList<MlKemBackend> AvailableBackends =>
        MLKem.IsSupported ? [MlKemBackend.Managed, MlKemBackend.Platform] : [MlKemBackend.Managed];

    /// <summary>The encapsulation key of the 64-byte seed d ‖ z.</summary>
    public static byte[] EncapsulationKeyFromSeed(ReadOnlySpan<byte> seed, MlKemBackend? backend = null)
    {
        CheckSeed(seed);
        if ((backend ?? DefaultBackend) == MlKemBackend.Platform)
        {
            using var key = MLKem.ImportPrivateSeed(MLKemAlgorithm.MLKem768, seed);
            return key.ExportEncapsulationKey();
        }
        var (ek, dk) = ManagedMlKem768.KeyGen(seed[..32], seed[32..]);
        CryptographicOperations.ZeroMemory(dk);
        return ek;
    }

    /// <summary>The expanded decapsulation key of the 64-byte seed d ‖ z. Secret: wipe it after use.</summary>
    public static byte[] DecapsulationKeyFromSeed(ReadOnlySpan<byte> seed, MlKemBackend? backend = null)
    {
        CheckSeed(seed);
        if ((backend ?? DefaultBackend) == MlKemBackend.Platform)
        {
            using var key = MLKem.ImportPrivateSeed(MLKemAlgorithm.MLKem768, seed);
            return key.ExportDecapsulationKey();
        }
        return ManagedMlKem768.KeyGen(seed[..32], seed[32..]).DecapsulationKey;
    }

    /// <summary>Encapsulates a fresh shared secret to <paramref name="encapsulationKey"/> (checked first).</summary>
    public static (byte[] SharedSecret, byte[] Ciphertext) Encapsulate(ReadOnlySpan<byte> encapsulationKey, MlKemBackend? backend = null)
    {
        if (!ManagedMlKem768.IsValidEncapsulationKey(encapsulationKey))
        {
            throw new CryptographicException("invalid ML-KEM-768 encapsulation key");
        }
        if ((backend ?? DefaultBackend) == MlKemBackend.Platform)
        {
            using var key = MLKem.ImportEncapsulationKey(MLKemAlgorithm.MLKem768, encapsulationKey);
            key.Encapsulate(out var ciphertext, out var sharedSecret);
            return (sharedSecret, ciphertext);
        }
        var m = RandomNumberGenerator.GetBytes(32);
        try
        {
            return ManagedMlKem768.Encapsulate(encapsulationKey, m);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(m);
        }
    }

    /// <summary>Decapsulates with an expanded decapsulation key; a wrong ciphertext gives an unrelated secret (implicit rejection).</summary>
    public static byte[] Decapsulate(ReadOnlySpan<byte> decapsulationKey, ReadOnlySpan<byte> ciphertext, MlKemBackend? backend = null)
    {
        if ((backend ?? DefaultBackend) == MlKemBackend.Platform)
        {
            if (ciphertext.Length != CiphertextSize) throw new CryptographicException("invalid ML-KEM-768 ciphertext length");
            using var key = MLKem.ImportDecapsulationKey(MLKemAlgorithm.MLKem768, decapsulationKey);
            var sharedSecret = new byte[SharedSecretSize];
            key.Decapsulate(ciphertext, sharedSecret);
            return sharedSecret;
        }
        return ManagedMlKem768.Decapsulate(decapsulationKey, ciphertext);
    }

    private static void CheckSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize) throw new ArgumentException("the ML-KEM-768 seed is 64 bytes");
    }
}
