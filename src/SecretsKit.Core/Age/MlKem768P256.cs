using System.Security.Cryptography;
using System.Text;
using SecretsKit.Core.Crypto.PostQuantum;

namespace SecretsKit.Core.Age;

/// <summary>
/// Encapsulation for HPKE's MLKEM768-P256 (KEM id 0x0050), the KEM of <c>age1tagpq1…</c> recipients. Public key
/// pk_M ‖ uncompressed P-256 point (1,249 bytes), ciphertext ct_M ‖ uncompressed ephemeral point (1,153 bytes),
/// shared secret SHA3-256(ss_M ‖ x(ss_P) ‖ ct_P ‖ pk_P ‖ "MLKEM768-P256"). Decapsulation is the hardware plugin's.
/// </summary>
internal static class MlKem768P256
{
    public const int PublicKeySize = MlKem768.EncapsulationKeySize + P256Function.UncompressedSize; // 1249
    public const int CiphertextSize = MlKem768.CiphertextSize + P256Function.UncompressedSize;      // 1153
    private static readonly byte[] Label = Encoding.ASCII.GetBytes("MLKEM768-P256");

    /// <summary>Checks the public key: length, the ML-KEM modulus check, and the point on the curve.</summary>
    public static void Validate(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize) throw new AgeException("invalid tagpq recipient public key length");
        if (!ManagedMlKem768.IsValidEncapsulationKey(publicKey[..MlKem768.EncapsulationKeySize]))
        {
            throw new AgeException("invalid tagpq recipient: bad ML-KEM-768 key");
        }
        var point = publicKey[MlKem768.EncapsulationKeySize..];
        if (point[0] != 0x04) throw new AgeException("invalid tagpq recipient: the P-256 key must be uncompressed");
        P256Function.Decode(point);
    }

    public static (byte[] SharedSecret, byte[] Ciphertext) Encapsulate(ReadOnlySpan<byte> publicKey)
    {
        Validate(publicKey);
        var pkP = publicKey[MlKem768.EncapsulationKeySize..].ToArray();
        var (ssM, ctM) = MlKem768.Encapsulate(publicKey[..MlKem768.EncapsulationKeySize]);
        var (ctP, ssP) = P256Function.Agree(P256Function.Decode(pkP));
        var input = AgePrimitives.Concat(AgePrimitives.Concat(ssM, ssP), AgePrimitives.Concat(AgePrimitives.Concat(ctP, pkP), Label));
        var shared = Keccak.Sha3_256(input);
        CryptographicOperations.ZeroMemory(input);
        CryptographicOperations.ZeroMemory(ssM);
        CryptographicOperations.ZeroMemory(ssP);
        return (shared, AgePrimitives.Concat(ctM, ctP));
    }
}
