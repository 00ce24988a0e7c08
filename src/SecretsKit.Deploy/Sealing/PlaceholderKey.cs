using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// The key a release's placeholders are made with. Derived (HKDF-SHA256) from the data keys of the SOPS files the release
/// decrypted, taken in the order of their sources' names, with the release's id as context: only who can decrypt those
/// files holds it, it stays the same from run to run while the files keep their data keys (so a chart's checksum
/// annotation changes exactly when a secret does), and it changes when one is rotated. A digest made with it is never a
/// plain hash, so a low-entropy secret cannot be guessed offline from <c>helm get values</c>. A release whose decrypted
/// values all come from <c>ref+</c> references has no such file: its key is random for the run (<see cref="Stable"/> false).
/// </summary>
public sealed class PlaceholderKey
{
    private static readonly byte[] Salt = Encoding.ASCII.GetBytes("secretskit placeholders v1");

    private readonly byte[] _key;

    private PlaceholderKey(byte[] key, bool stable)
    {
        _key = key;
        Stable = stable;
    }

    /// <summary>False for a key made for this run only: its placeholders change at every run.</summary>
    public bool Stable { get; }

    /// <summary>The key of a release from its decrypted files' data keys (source name → data key); random when there is none.</summary>
    public static PlaceholderKey ForRelease(string releaseId, IReadOnlyCollection<KeyValuePair<string, byte[]>> dataKeys)
    {
        if (dataKeys.Count == 0) return new PlaceholderKey(RandomNumberGenerator.GetBytes(32), stable: false);
        var material = dataKeys.OrderBy(k => k.Key, StringComparer.Ordinal).SelectMany(k => k.Value).ToArray();
        try
        {
            return new PlaceholderKey(HKDF.DeriveKey(HashAlgorithmName.SHA256, material, 32, Salt, Encoding.UTF8.GetBytes(releaseId)), stable: true);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(material);
        }
    }

    /// <summary>The placeholder of <paramref name="value"/> at values key <paramref name="keyPath"/>.</summary>
    public string Make(string keyPath, string value)
    {
        var input = Encoding.UTF8.GetBytes(keyPath + "\0" + value);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, mac);
        CryptographicOperations.ZeroMemory(input);
        return Placeholder.Prefix + Convert.ToHexStringLower(mac[..(Placeholder.DigestLength / 2)]);
    }
}
