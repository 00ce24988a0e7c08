using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Agent.Generators.SshKey;

/// <summary>
/// The OpenSSH encodings ESO's <c>SSHKey</c> generator writes (golang.org/x/crypto/ssh): an unencrypted
/// <c>openssh-key-v1</c> private key in a PEM block <c>OPENSSH PRIVATE KEY</c> (64-column base64), and an
/// authorized_keys line <c>&lt;type&gt; &lt;base64 wire key&gt;[ &lt;comment&gt;]\n</c>.
/// </summary>
internal sealed class OpenSshKey(string type, byte[] publicBlob, byte[] privateFields)
{
    /// <summary>The authorized_keys line, with the comment appended as ESO does.</summary>
    public byte[] PublicLine(string comment) =>
        Encoding.ASCII.GetBytes(type + " " + Convert.ToBase64String(publicBlob) + (comment.Length > 0 ? " " : "")).Concat(Encoding.UTF8.GetBytes(comment)).Append((byte)'\n').ToArray();

    /// <summary>The PEM-armoured <c>openssh-key-v1</c> private key (cipher and kdf <c>none</c>, random check words, padding 1, 2, 3…).</summary>
    public byte[] PrivatePem(string comment)
    {
        var inner = new Writer();
        var check = BinaryPrimitives.ReadUInt32BigEndian(RandomNumberGenerator.GetBytes(4));
        inner.UInt32(check).UInt32(check).String(Encoding.ASCII.GetBytes(type)).Raw(privateFields).String(Encoding.UTF8.GetBytes(comment));
        for (byte pad = 1; inner.Length % 8 != 0; pad++) inner.Raw([pad]);
        var outer = new Writer().Raw("openssh-key-v1\0"u8.ToArray())
            .String("none"u8.ToArray()).String("none"u8.ToArray()).String([])
            .UInt32(1).String(publicBlob).String(inner.ToArray());
        var b64 = Convert.ToBase64String(outer.ToArray());
        var pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (var i = 0; i < b64.Length; i += 64) pem.Append(b64.AsSpan(i, Math.Min(64, b64.Length - i))).Append('\n');
        pem.Append("-----END OPENSSH PRIVATE KEY-----\n");
        return Encoding.ASCII.GetBytes(pem.ToString());
    }

    public static OpenSshKey Rsa(RSAParameters p)
    {
        var blob = new Writer().String("ssh-rsa"u8.ToArray()).MpInt(p.Exponent!).MpInt(p.Modulus!).ToArray();
        var fields = new Writer().MpInt(p.Modulus!).MpInt(p.Exponent!).MpInt(p.D!).MpInt(p.InverseQ!).MpInt(p.P!).MpInt(p.Q!).ToArray();
        return new OpenSshKey("ssh-rsa", blob, fields);
    }

    public static OpenSshKey Ed25519(byte[] seed, byte[] publicKey)
    {
        var blob = new Writer().String("ssh-ed25519"u8.ToArray()).String(publicKey).ToArray();
        var fields = new Writer().String(publicKey).String([.. seed, .. publicKey]).ToArray();
        return new OpenSshKey("ssh-ed25519", blob, fields);
    }

    public static OpenSshKey Ecdsa(string curve, ECParameters p)
    {
        var type = "ecdsa-sha2-" + curve;
        byte[] point = [0x04, .. p.Q.X!, .. p.Q.Y!];
        var blob = new Writer().String(Encoding.ASCII.GetBytes(type)).String(Encoding.ASCII.GetBytes(curve)).String(point).ToArray();
        var fields = new Writer().String(Encoding.ASCII.GetBytes(curve)).String(point).MpInt(p.D!).ToArray();
        return new OpenSshKey(type, blob, fields);
    }

    /// <summary>SSH wire encoding (RFC 4251): uint32, string, mpint.</summary>
    private sealed class Writer
    {
        private readonly List<byte> _buffer = [];

        public int Length => _buffer.Count;

        public Writer Raw(byte[] bytes)
        {
            _buffer.AddRange(bytes);
            return this;
        }

        public Writer UInt32(uint value)
        {
            Span<byte> b = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
            _buffer.AddRange(b);
            return this;
        }

        public Writer String(byte[] bytes) => UInt32((uint)bytes.Length).Raw(bytes);

        /// <summary>A non-negative big-endian integer: no leading zero bytes, one zero byte when the top bit is set.</summary>
        public Writer MpInt(byte[] unsignedBigEndian)
        {
            var value = new BigInteger(unsignedBigEndian, isUnsigned: true, isBigEndian: true);
            return String(value.IsZero ? [] : value.ToByteArray(isUnsigned: false, isBigEndian: true));
        }

        public byte[] ToArray() => _buffer.ToArray();
    }
}
