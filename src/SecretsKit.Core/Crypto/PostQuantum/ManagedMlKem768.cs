using System.Security.Cryptography;

namespace SecretsKit.Core.Crypto.PostQuantum;

/// <summary>
/// ML-KEM-768 (FIPS 203 Algorithms 16–18 and the input checks of §7) in managed code, for platforms whose
/// <see cref="MLKem"/> is not supported (OpenSSL &lt; 3.5) and for the native CLI, which does not load OpenSSL.
/// </summary>
/// <remarks>
/// Constant time, as far as managed code allows. What this code does: no branch and no memory index depends on a
/// secret (secret key, message, shared secret, noise); reductions and the divisions of Compress use multiply-and-shift
/// with masks; decapsulation always runs the re-encryption and picks the real or the implicit-rejection key with a
/// masked select after a full-length comparison (<see cref="CryptographicOperations.FixedTimeEquals"/>). What it
/// cannot guarantee: the JIT or AOT compiler may turn a masked expression back into a branch or a conditional move of
/// unknown timing, the runtime may copy secrets during garbage collection (the buffers are wiped after use but old
/// copies may stay in freed memory until reused), and the hardware's multiplier timing is assumed constant. Only
/// rejection sampling of the public matrix (from ρ) and the public-key checks branch on data, which is public.
/// </remarks>
internal static class ManagedMlKem768
{
    public const int EncapsulationKeySize = KPke768.EncryptionKeySize; // 1184
    public const int DecapsulationKeySize = 768 * KPke768.K + 96;      // 2400
    public const int CiphertextSize = KPke768.CiphertextSize;          // 1088
    public const int SharedSecretSize = 32;

    /// <summary>ML-KEM.KeyGen_internal(d, z) (Algorithm 16): the encapsulation and decapsulation keys.</summary>
    public static (byte[] EncapsulationKey, byte[] DecapsulationKey) KeyGen(ReadOnlySpan<byte> d, ReadOnlySpan<byte> z)
    {
        if (d.Length != 32 || z.Length != 32) throw new ArgumentException("ML-KEM seeds are 32 bytes each");
        var ek = new byte[EncapsulationKeySize];
        var dk = new byte[DecapsulationKeySize];
        KPke768.KeyGen(d, ek, dk.AsSpan(0, KPke768.DecryptionKeySize));
        ek.CopyTo(dk, KPke768.DecryptionKeySize);
        Keccak.Sha3_256(ek).CopyTo(dk, KPke768.DecryptionKeySize + EncapsulationKeySize);
        z.CopyTo(dk.AsSpan(DecapsulationKeySize - 32));
        return (ek, dk);
    }

    /// <summary>ML-KEM.Encaps_internal(ek, m) (Algorithm 17) after the encapsulation key check.</summary>
    public static (byte[] SharedSecret, byte[] Ciphertext) Encapsulate(ReadOnlySpan<byte> ek, ReadOnlySpan<byte> m)
    {
        if (!IsValidEncapsulationKey(ek)) throw new CryptographicException("invalid ML-KEM-768 encapsulation key");
        if (m.Length != 32) throw new ArgumentException("the ML-KEM message is 32 bytes");
        var g = Keccak.Sha3_512(m, Keccak.Sha3_256(ek));
        var ciphertext = new byte[CiphertextSize];
        KPke768.Encrypt(ek, m, g.AsSpan(32, 32), ciphertext);
        var sharedSecret = g.AsSpan(0, 32).ToArray();
        CryptographicOperations.ZeroMemory(g);
        return (sharedSecret, ciphertext);
    }

    /// <summary>ML-KEM.Decaps_internal(dk, c) (Algorithm 18) after the ciphertext and decapsulation key checks.</summary>
    public static byte[] Decapsulate(ReadOnlySpan<byte> dk, ReadOnlySpan<byte> ciphertext) => Decapsulate(dk, ciphertext, out _);

    /// <summary>As <see cref="Decapsulate(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>; <paramref name="rejected"/> says whether implicit rejection was used (for tests).</summary>
    internal static byte[] Decapsulate(ReadOnlySpan<byte> dk, ReadOnlySpan<byte> ciphertext, out bool rejected)
    {
        if (ciphertext.Length != CiphertextSize) throw new CryptographicException("invalid ML-KEM-768 ciphertext length");
        if (!IsValidDecapsulationKey(dk)) throw new CryptographicException("invalid ML-KEM-768 decapsulation key");
        var dkPke = dk[..KPke768.DecryptionKeySize];
        var ekPke = dk.Slice(KPke768.DecryptionKeySize, EncapsulationKeySize);
        var h = dk.Slice(KPke768.DecryptionKeySize + EncapsulationKeySize, 32);
        var z = dk[^32..];
        var m = new byte[32];
        KPke768.Decrypt(dkPke, ciphertext, m);
        var g = Keccak.Sha3_512(m, h);
        var rejectionKey = Keccak.Shake256(z, ciphertext, 32);
        var again = new byte[CiphertextSize];
        KPke768.Encrypt(ekPke, m, g.AsSpan(32, 32), again);
        var equal = CryptographicOperations.FixedTimeEquals(again, ciphertext);
        var keep = (byte)-(equal ? 1 : 0); // 0xFF keeps K', 0x00 takes the rejection key
        var result = new byte[SharedSecretSize];
        for (var i = 0; i < SharedSecretSize; i++) result[i] = (byte)((g[i] & keep) | (rejectionKey[i] & ~keep));
        rejected = !equal;
        CryptographicOperations.ZeroMemory(m);
        CryptographicOperations.ZeroMemory(g);
        CryptographicOperations.ZeroMemory(rejectionKey);
        return result;
    }

    /// <summary>The encapsulation key check of §7.2: length and every coefficient below q.</summary>
    public static bool IsValidEncapsulationKey(ReadOnlySpan<byte> ek) =>
        ek.Length == EncapsulationKeySize && MlKemCodec.IsCanonical(ek[..(384 * KPke768.K)]);

    /// <summary>The decapsulation key check of §7.3: length and H(ek) matching the stored hash.</summary>
    public static bool IsValidDecapsulationKey(ReadOnlySpan<byte> dk)
    {
        if (dk.Length != DecapsulationKeySize) return false;
        var ek = dk.Slice(KPke768.DecryptionKeySize, EncapsulationKeySize);
        var h = dk.Slice(KPke768.DecryptionKeySize + EncapsulationKeySize, 32);
        return CryptographicOperations.FixedTimeEquals(Keccak.Sha3_256(ek), h);
    }
}
