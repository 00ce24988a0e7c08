using System.Security.Cryptography;
using SecretsKit.Core.Crypto.PostQuantum;

namespace SecretsKit.Core.Age;

/// <summary>
/// The hybrid KEM of age's <c>mlkem768x25519</c> stanzas: HPKE's MLKEM768-X25519 (KEM id 0x647A), i.e. X-Wing.
/// The secret key is a 32-byte seed expanded with SHAKE256 to 96 bytes: the ML-KEM-768 seed d ‖ z, then the
/// X25519 scalar. Public key pk_M ‖ pk_X (1,216 bytes), ciphertext ct_M ‖ ct_X (1,120 bytes), shared secret
/// SHA3-256(ss_M ‖ ss_X ‖ ct_X ‖ pk_X ‖ "\.//^\").
/// </summary>
internal static class MlKem768X25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = MlKem768.EncapsulationKeySize + X25519Function.Size; // 1216
    public const int CiphertextSize = MlKem768.CiphertextSize + X25519Function.Size;      // 1120
    private static readonly byte[] Label = [0x5C, 0x2E, 0x2F, 0x2F, 0x5E, 0x5C];

    /// <summary>The expanded private key: the ML-KEM decapsulation key, the X25519 scalar and its public key.</summary>
    public sealed class PrivateKey(byte[] decapsulationKey, byte[] scalar, byte[] publicKey)
    {
        public byte[] DecapsulationKey { get; } = decapsulationKey;
        public byte[] Scalar { get; } = scalar;
        public byte[] PublicKey { get; } = publicKey;
    }

    /// <summary>The public key of a seed.</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> seed)
    {
        var expanded = Expand(seed);
        try
        {
            var ek = MlKem768.EncapsulationKeyFromSeed(expanded.AsSpan(0, MlKem768.SeedSize));
            var pkX = X25519Function.PublicKey(expanded.AsSpan(MlKem768.SeedSize).ToArray());
            return AgePrimitives.Concat(ek, pkX);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(expanded);
        }
    }

    public static PrivateKey ExpandPrivateKey(ReadOnlySpan<byte> seed)
    {
        var expanded = Expand(seed);
        var dk = MlKem768.DecapsulationKeyFromSeed(expanded.AsSpan(0, MlKem768.SeedSize));
        var scalar = expanded.AsSpan(MlKem768.SeedSize).ToArray();
        CryptographicOperations.ZeroMemory(expanded);
        return new PrivateKey(dk, scalar, X25519Function.PublicKey(scalar));
    }

    /// <summary>A fresh shared secret and its ciphertext for <paramref name="publicKey"/> (checked first).</summary>
    public static (byte[] SharedSecret, byte[] Ciphertext) Encapsulate(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize) throw new AgeException("invalid MLKEM768-X25519 public key length");
        var pkX = publicKey[MlKem768.EncapsulationKeySize..].ToArray();
        byte[] ssM, ctM;
        try
        {
            (ssM, ctM) = MlKem768.Encapsulate(publicKey[..MlKem768.EncapsulationKeySize]);
        }
        catch (CryptographicException e)
        {
            throw new AgeException("invalid MLKEM768-X25519 public key", inner: e);
        }
        var ephemeral = RandomNumberGenerator.GetBytes(X25519Function.Size);
        var ctX = X25519Function.PublicKey(ephemeral);
        var ssX = X25519Function.ScalarMult(ephemeral, pkX);
        CryptographicOperations.ZeroMemory(ephemeral);
        if (AgePrimitives.IsAllZero(ssX)) throw new AgeException("invalid MLKEM768-X25519 public key: low-order X25519 point");
        var shared = Combine(ssM, ssX, ctX, pkX);
        return (shared, AgePrimitives.Concat(ctM, ctX));
    }

    /// <summary>The shared secret of <paramref name="ciphertext"/>; a ciphertext for another key gives an unrelated secret.</summary>
    public static byte[] Decapsulate(PrivateKey key, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length != CiphertextSize) throw new AgeException("invalid MLKEM768-X25519 ciphertext length");
        var ctX = ciphertext[MlKem768.CiphertextSize..].ToArray();
        var ssM = MlKem768.Decapsulate(key.DecapsulationKey, ciphertext[..MlKem768.CiphertextSize]);
        var ssX = X25519Function.ScalarMult(key.Scalar, ctX);
        if (AgePrimitives.IsAllZero(ssX)) throw new AgeException("invalid mlkem768x25519 stanza: low-order X25519 point");
        return Combine(ssM, ssX, ctX, key.PublicKey);
    }

    private static byte[] Expand(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize) throw new AgeException("invalid MLKEM768-X25519 secret key length");
        return Keccak.Shake256(seed, [], MlKem768.SeedSize + X25519Function.Size);
    }

    private static byte[] Combine(byte[] ssM, byte[] ssX, byte[] ctX, byte[] pkX)
    {
        var input = AgePrimitives.Concat(AgePrimitives.Concat(ssM, ssX), AgePrimitives.Concat(AgePrimitives.Concat(ctX, pkX), Label));
        var shared = Keccak.Sha3_256(input);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(ssM);
        CryptographicOperations.ZeroMemory(ssX);
        return shared;
    }
}
