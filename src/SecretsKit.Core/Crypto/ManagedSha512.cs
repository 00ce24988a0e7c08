using Org.BouncyCastle.Crypto.Digests;

namespace SecretsKit.Core.Crypto;

/// <summary>
/// Incremental SHA-512 in managed code (BouncyCastle), used for the sops MAC and the ssh-ed25519 secret scalar. The
/// BCL's <c>IncrementalHash</c>/<c>SHA512</c> would load OpenSSL (~4 ms of a native decrypt). Throughput on the
/// 100k-value MAC is measured in bench/README.md ("Native decrypt without OpenSSL").
/// </summary>
internal sealed class ManagedSha512
{
    public const int HashSize = 64;
    private readonly Sha512Digest _digest = new();

    public void Append(byte[] data, int offset, int count) => _digest.BlockUpdate(data, offset, count);

    public void Append(ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        _digest.BlockUpdate(copy, 0, copy.Length);
        Array.Clear(copy);
    }

    /// <summary>Writes the digest of everything appended so far and starts over.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < HashSize) throw new ArgumentException("destination too small", nameof(destination));
        var output = new byte[HashSize];
        _digest.DoFinal(output, 0);
        output.CopyTo(destination);
        Array.Clear(output);
    }

    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var sha = new ManagedSha512();
        sha.Append(data);
        var output = new byte[HashSize];
        sha.Finish(output);
        return output;
    }
}
