using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Testing.Aws.Kms;

/// <summary>
/// A symmetric key of the fake KMS. Its ciphertext blobs are AES-256-GCM under a per-key secret with the encryption
/// context as associated data, prefixed by a key handle, so only the same key with the same context can decrypt.
/// </summary>
public sealed class FakeKmsKey
{
    private const byte Version = 1;
    private const int HandleLength = 16;
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);

    internal FakeKmsKey(string arn)
    {
        Arn = arn;
        Handle = SHA256.HashData(Encoding.UTF8.GetBytes(arn))[..HandleLength];
    }

    public string Arn { get; }

    internal byte[] Handle { get; }

    public string Region => Arn.Split(':')[3];

    internal byte[] Encrypt(byte[] plaintext, IReadOnlyDictionary<string, string> context)
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

    internal static byte[]? HandleOf(byte[] blob) =>
        blob.Length >= 1 + HandleLength + 28 && blob[0] == Version ? blob[1..(1 + HandleLength)] : null;

    internal byte[]? TryDecrypt(byte[] blob, IReadOnlyDictionary<string, string> context)
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

    private static byte[] Aad(IReadOnlyDictionary<string, string> context) =>
        Encoding.UTF8.GetBytes(string.Join('\n', context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)));
}
