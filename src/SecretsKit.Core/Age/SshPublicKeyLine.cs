using SecretsKit.Core.Crypto;

namespace SecretsKit.Core.Age;

/// <summary>An <c>authorized_keys</c>-style public key line (<c>ssh-ed25519 AAAA… comment</c>) and the age stanza tag.</summary>
internal static class SshPublicKeyLine
{
    /// <summary>Splits the line into key type and SSH wire bytes; the wire's own type must match the line's.</summary>
    public static (string Type, byte[] Wire) Parse(string line)
    {
        var fields = line.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2) throw new AgeException("malformed SSH recipient: expected '<type> <base64> [comment]'");
        byte[] wire;
        try
        {
            wire = Convert.FromBase64String(fields[1]);
        }
        catch (FormatException e)
        {
            throw new AgeException("malformed SSH recipient: invalid base64", inner: e);
        }
        var inner = new SshWire(wire).ReadText();
        if (inner != fields[0]) throw new AgeException("malformed SSH recipient: key type does not match its encoding");
        return (fields[0], wire);
    }

    /// <summary>The stanza tag: unpadded base64 of the first 4 bytes of SHA-256 of the wire public key.</summary>
    public static string Tag(ReadOnlySpan<byte> wire) => AgePrimitives.EncodeRaw(ManagedSha256.Hash(wire).AsSpan(0, 4));

    public static string Format(byte[] wire, string type) => type + " " + Convert.ToBase64String(wire);
}
