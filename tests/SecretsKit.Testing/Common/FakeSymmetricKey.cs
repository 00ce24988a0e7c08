using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Testing.Common;

/// <summary>
/// A symmetric key of a fake KMS (AWS, GCP). Its ciphertext blobs are AES-256-GCM under a per-key secret with the encryption
/// context as associated data, prefixed by a key handle, so only the same key with the same context can decrypt.
/// </summary>
public sealed class FakeSymmetricKey
{
    private const byte Version = 1;
    private const int HandleLength = 16;
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    public FakeSymmetricKey(string id)
    {
        Id = id;
        Handle = SHA256.HashData(Encoding.UTF8.GetBytes(id))[..HandleLength];
    }

    /// <summary>The key's name at its service (ARN, resource id).</summary>
    public string Id { get; }

    public byte[] Handle { get; }

    public byte[] Encrypt(byte[] plaintext, IReadOnlyDictionary<string, string>? context = null)
    {
        var blob = new byte[1 + HandleLength + 12 + 16 + plaintext.Length];
        blob[0] = Version;
        Handle.CopyTo(blob, 1);
        var nonce = blob.AsSpan(1 + HandleLength, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_secret, 16);
        aes.Encrypt(nonce, plaintext, blob.AsSpan(1 + HandleLength + 28), blob.AsSpan(1 + HandleLength + 12, 16), Aad(context));
        return blob;
    }

    public static byte[]? HandleOf(byte[] blob) =>
        blob.Length >= 1 + HandleLength + 28 && blob[0] == Version ? blob[1..(1 + HandleLength)] : null;

    public byte[]? TryDecrypt(byte[] blob, IReadOnlyDictionary<string, string>? context = null)
    {
        var plaintext = new byte[blob.Length - 1 - HandleLength - 28];
        try
        {
            using var aes = new AesGcm(_secret, 16);
            aes.Decrypt(blob.AsSpan(1 + HandleLength, 12), blob.AsSpan(1 + HandleLength + 28),
                blob.AsSpan(1 + HandleLength + 12, 16), plaintext, Aad(context));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Aad(IReadOnlyDictionary<string, string>? context) => context is null ? [] :
        Encoding.UTF8.GetBytes(string.Join('\n', context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
}
