using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace SecretsKit.Core.Age;

/// <summary>
/// Reads SSH private keys as age identities: the <c>openssh-key-v1</c> format (Ed25519 and RSA; passphrase-protected
/// ones as an <see cref="EncryptedSshIdentity"/> that asks for the passphrase when a stanza is for it, as sops and age
/// do) and legacy PKCS#1 <c>RSA PRIVATE KEY</c> PEM (unencrypted only).
/// </summary>
public static class OpenSshPrivateKey
{
    private const string OpenSshBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string OpenSshEnd = "-----END OPENSSH PRIVATE KEY-----";
    private const string Pkcs1Begin = "-----BEGIN RSA PRIVATE KEY-----";
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("openssh-key-v1\0");

    public const string EncryptedKeyMessage =
        "passphrase-protected SSH keys are read from a file only (SOPS_AGE_SSH_PRIVATE_KEY_FILE, ~/.ssh/id_ed25519, ~/.ssh/id_rsa), "
        + "where the passphrase is asked on the terminal; decrypt it with ssh-keygen -p (or use an age identity)";

    /// <summary>True when the text looks like an SSH private key (of any supported or unsupported kind).</summary>
    public static bool LooksLikePrivateKey(string text) =>
        text.Contains(OpenSshBegin, StringComparison.Ordinal) || text.Contains(Pkcs1Begin, StringComparison.Ordinal)
        || text.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal);

    /// <summary>
    /// Parses the key text; <paramref name="source"/> names it in errors and prompts (a path, never content). A
    /// passphrase-protected key needs <paramref name="passphrases"/>; it is asked only when a stanza is for the key.
    /// </summary>
    public static IAgeIdentity Parse(string text, string source, IPassphraseReader? passphrases = null)
    {
        try
        {
            if (text.Contains(Pkcs1Begin, StringComparison.Ordinal)) return ParsePkcs1(text);
            var start = text.IndexOf(OpenSshBegin, StringComparison.Ordinal);
            var end = text.IndexOf(OpenSshEnd, StringComparison.Ordinal);
            if (start < 0 || end < start) throw new AgeException("not an OpenSSH private key");
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(text[(start + OpenSshBegin.Length)..end]);
            }
            catch (FormatException e)
            {
                throw new AgeException("invalid base64 in OpenSSH private key", inner: e);
            }
            return ParseBlob(blob, source, passphrases);
        }
        catch (AgeException e)
        {
            throw new AgeException($"SSH private key {source}: {e.Message}", inner: e);
        }
    }

    private static IAgeIdentity ParseBlob(byte[] blob, string source, IPassphraseReader? passphrases)
    {
        if (!blob.AsSpan().StartsWith(Magic)) throw new AgeException("not an openssh-key-v1 key");
        var r = new SshWire(blob[Magic.Length..]);
        var cipher = r.ReadText();
        var kdf = r.ReadText();
        var kdfOptions = r.ReadString();
        var encrypted = cipher != "none" || kdf != "none";
        if (encrypted && passphrases is null) throw new AgeException(EncryptedKeyMessage);
        if (r.ReadUInt32() != 1) throw new AgeException("only single-key OpenSSH files are supported");
        var publicKey = r.ReadString();
        var section = r.ReadString();
        return encrypted
            ? new EncryptedSshIdentity(new OpenSshKeyCipher(cipher, kdf, kdfOptions), publicKey, section, source, passphrases!)
            : ParsePrivateSection(section);
    }

    /// <summary>The (decrypted) private section: check words, then one Ed25519 or RSA key.</summary>
    internal static IAgeIdentity ParsePrivateSection(byte[] section)
    {
        var priv = new SshWire(section);
        if (priv.ReadUInt32() != priv.ReadUInt32()) throw new AgeException("corrupt private section (check bytes differ)");
        var type = priv.ReadText();
        switch (type)
        {
            case "ssh-ed25519":
            {
                var pub = priv.ReadString();
                var secret = priv.ReadString();
                if (pub.Length != 32 || secret.Length != 64 || !secret.AsSpan(32).SequenceEqual(pub))
                {
                    throw new AgeException("malformed ssh-ed25519 private key");
                }
                var identity = new SshEd25519Identity(secret.AsSpan(0, 32), pub);
                CryptographicOperations.ZeroMemory(secret);
                return identity;
            }
            case "ssh-rsa":
            {
                var n = priv.ReadMpint();
                var e = priv.ReadMpint();
                var d = priv.ReadMpint();
                var iqmp = priv.ReadMpint();
                var p = priv.ReadMpint();
                var q = priv.ReadMpint();
                if (p * q != n) throw new AgeException("malformed ssh-rsa private key");
                return new SshRsaIdentity(n, e, d, p, q, iqmp);
            }
            default:
                throw new AgeException($"unsupported SSH key type '{type}' (age supports ssh-ed25519 and ssh-rsa)");
        }
    }

    private static SshRsaIdentity ParsePkcs1(string text)
    {
        if (text.Contains("ENCRYPTED", StringComparison.Ordinal)) throw new AgeException(EncryptedKeyMessage);
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(text);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new AgeException("malformed RSA private key", inner: e);
        }
        var k = rsa.ExportParameters(includePrivateParameters: true);
        static BigInteger U(byte[]? b) => new(b ?? [], isUnsigned: true, isBigEndian: true);
        return new SshRsaIdentity(U(k.Modulus), U(k.Exponent), U(k.D), U(k.P), U(k.Q), U(k.InverseQ));
    }
}
