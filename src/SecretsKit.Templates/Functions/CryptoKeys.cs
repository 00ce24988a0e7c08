using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using SecretsKit.Go.Pem;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>A private key as sprig holds one: RSA, ECDSA or DSA (BCL), or an Ed25519 seed (the BCL has no Ed25519).</summary>
public sealed record GoPrivateKey(AsymmetricAlgorithm? Key, byte[]? Ed25519Seed) : IDisposable
{
    public void Dispose() => Key?.Dispose();

    /// <summary>The DER SubjectPublicKeyInfo of the key's public half.</summary>
    public byte[] PublicKeyInfo() => Key switch
    {
        not null => Key.ExportSubjectPublicKeyInfo(),
        _ => CryptoKeys.Ed25519PublicKeyInfo(Ed25519Seed!),
    };
}

/// <summary>
/// sprig's <c>genPrivateKey</c> and the key handling its certificate functions share: reading a PEM private key
/// (<c>parsePrivateKeyPEM</c>: PKCS#8, PKCS#1 RSA, SEC 1 EC, sprig's own DSA layout) and writing one (<c>pemBlockForKey</c>).
/// Ed25519 signing uses Portable.BouncyCastle, since the BCL has no Ed25519.
/// </summary>
public static class CryptoKeys
{
    private const string Ed25519Oid = "1.3.101.112";

    public static void Register(IDictionary<string, TemplateFunction> t) =>
        t["genPrivateKey"] = c => Generate(c.Exactly(1).String(0));

#pragma warning disable CA2000 // each new key is owned by the GoPrivateKey returned or disposed here
    private static string Generate(string type)
    {
        GoPrivateKey key;
        switch (type)
        {
            case "" or "rsa":
                key = new GoPrivateKey(RSA.Create(4096), null);
                break;
            case "dsa":
                key = new GoPrivateKey(DSA.Create(2048), null);
                break;
            case "ecdsa":
                key = new GoPrivateKey(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);
                break;
            case "ed25519":
                key = new GoPrivateKey(null, RandomNumberGenerator.GetBytes(32));
                break;
            default:
                return "Unknown type " + type;
        }
        using (key) return ToPem(key);
    }

    /// <summary>sprig's <c>pemBlockForKey</c>: PKCS#1 for RSA, SEC 1 for EC, sprig's DSA layout, PKCS#8 otherwise.</summary>
    public static string ToPem(GoPrivateKey key) => key.Key switch
    {
        RSA rsa => GoPem.Encode("RSA PRIVATE KEY", rsa.ExportRSAPrivateKey()),
        ECDsa ec => GoPem.Encode("EC PRIVATE KEY", ec.ExportECPrivateKey()),
        DSA dsa => GoPem.Encode("DSA PRIVATE KEY", DsaDer(dsa.ExportParameters(true))),
        _ => GoPem.Encode("PRIVATE KEY", Ed25519Pkcs8(key.Ed25519Seed!)),
    };

    /// <summary>sprig's <c>parsePrivateKeyPEM</c>, with its messages; the ASN.1 detail Go appends to a parse error is not reproduced.</summary>
    public static GoPrivateKey Parse(string pem)
    {
        var (block, _) = GoPem.Decode(CryptoFunctions.Bytes(pem));
        if (block is null) throw new TemplateFunctionException("no PEM data in input");
        if (block.Type == "PRIVATE KEY")
        {
            return ParsePkcs8(block.Bytes) ?? throw new TemplateFunctionException("decoding PEM as PKCS#8: x509: failed to parse private key");
        }
        if (!block.Type.EndsWith(" PRIVATE KEY", StringComparison.Ordinal))
        {
            throw new TemplateFunctionException($"no private key data in PEM block of type {block.Type}");
        }
        var kind = block.Type[..^" PRIVATE KEY".Length];
        try
        {
            switch (kind)
            {
                case "RSA":
                    var rsa = RSA.Create();
                    rsa.ImportRSAPrivateKey(block.Bytes, out _);
                    return new GoPrivateKey(rsa, null);
                case "EC":
                    var ec = ECDsa.Create();
                    ec.ImportECPrivateKey(block.Bytes, out _);
                    return new GoPrivateKey(ec, null);
                case "DSA":
                    var dsa = DSA.Create();
                    dsa.ImportParameters(ReadDsa(block.Bytes));
                    return new GoPrivateKey(dsa, null);
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException)
        {
            throw new TemplateFunctionException(kind switch
            {
                "RSA" => "parsing RSA private key from PEM: x509: failed to parse RSA private key",
                "EC" => "parsing EC private key from PEM: x509: failed to parse EC private key",
                _ => "parsing DSA private key from PEM: asn1: structure error",
            });
        }
        throw new TemplateFunctionException($"invalid private key type {block.Type}");
    }

    /// <summary>Go's <c>x509.ParsePKCS8PrivateKey</c> for the kinds sprig handles (RSA, ECDSA, Ed25519); null when it fails.</summary>
    public static GoPrivateKey? ParsePkcs8(byte[] der)
    {
        try
        {
            var info = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
            info.ReadInteger();
            var algorithm = info.ReadSequence().ReadObjectIdentifier();
            switch (algorithm)
            {
                case "1.2.840.113549.1.1.1":
                    var rsa = RSA.Create();
                    rsa.ImportPkcs8PrivateKey(der, out _);
                    return new GoPrivateKey(rsa, null);
                case "1.2.840.10045.2.1":
                    var ec = ECDsa.Create();
                    ec.ImportPkcs8PrivateKey(der, out _);
                    return new GoPrivateKey(ec, null);
                case Ed25519Oid:
                    var seed = new AsnReader(info.ReadOctetString(), AsnEncodingRules.DER).ReadOctetString();
                    return seed.Length == 32 ? new GoPrivateKey(null, seed) : null;
                default:
                    return null;
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return null;
        }
    }

#pragma warning restore CA2000

    /// <summary>Go's <c>x509.MarshalPKCS8PrivateKey</c>.</summary>
    public static byte[] ToPkcs8(GoPrivateKey key) => key.Key switch
    {
        null => Ed25519Pkcs8(key.Ed25519Seed!),
        var k => k.ExportPkcs8PrivateKey(),
    };

    /// <summary>The certificate signer for a key as Go's <c>x509.CreateCertificate</c> picks it (SHA-256; ECDSA by curve size).</summary>
    public static X509SignatureGenerator Signer(GoPrivateKey key) => key.Key switch
    {
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        DSA => throw new TemplateFunctionException("error creating certificate: x509: certificate private key does not implement crypto.Signer"),
        _ => new Ed25519Signature(key.Ed25519Seed!),
    };

    /// <summary>The hash Go pairs with a key when signing a certificate.</summary>
    public static HashAlgorithmName Hash(GoPrivateKey key) => key.Key switch
    {
        ECDsa ec when ec.KeySize > 384 => HashAlgorithmName.SHA512,
        ECDsa ec when ec.KeySize > 256 => HashAlgorithmName.SHA384,
        _ => HashAlgorithmName.SHA256,
    };

    internal static byte[] Ed25519PublicKeyInfo(byte[] seed) => Ed25519Spki(new Ed25519PrivateKeyParameters(seed, 0).GeneratePublicKey().GetEncoded());

    /// <summary>The PKIX SubjectPublicKeyInfo of an Ed25519 public key.</summary>
    public static byte[] Ed25519Spki(byte[] publicKey)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence()) w.WriteObjectIdentifier(Ed25519Oid);
            w.WriteBitString(publicKey);
        }
        return w.Encode();
    }

    private static byte[] Ed25519Pkcs8(byte[] seed)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        inner.WriteOctetString(seed);
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(0);
            using (w.PushSequence()) w.WriteObjectIdentifier(Ed25519Oid);
            w.WriteOctetString(inner.Encode());
        }
        return w.Encode();
    }

    /// <summary>sprig's DSA key layout: SEQUENCE { version 0, P, Q, G, Y, X }.</summary>
    private static byte[] DsaDer(DSAParameters p)
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(0);
            foreach (var n in new[] { p.P!, p.Q!, p.G!, p.Y!, p.X! }) w.WriteIntegerUnsigned(n);
        }
        return w.Encode();
    }

    private static DSAParameters ReadDsa(byte[] der)
    {
        var seq = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        seq.ReadInteger();
        byte[] Next() => seq.ReadInteger().ToByteArray(isUnsigned: true, isBigEndian: true);
        var (p, q, g, y) = (Next(), Next(), Next(), Next());
        var x = Next();
        return new DSAParameters { P = p, Q = q, G = Pad(g, p.Length), Y = Pad(y, p.Length), X = Pad(x, q.Length) };
    }

    private static byte[] Pad(byte[] value, int length) =>
        value.Length >= length ? value : [.. new byte[length - value.Length], .. value];

    /// <summary>Ed25519 certificate signatures through BouncyCastle (the BCL has no Ed25519).</summary>
    private sealed class Ed25519Signature(byte[] seed) : X509SignatureGenerator
    {
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
        {
            var w = new AsnWriter(AsnEncodingRules.DER);
            using (w.PushSequence()) w.WriteObjectIdentifier(Ed25519Oid);
            return w.Encode();
        }

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
        {
            var signer = new Ed25519Signer();
            signer.Init(true, new Ed25519PrivateKeyParameters(seed, 0));
            signer.BlockUpdate(data, 0, data.Length);
            return signer.GenerateSignature();
        }

        protected override PublicKey BuildPublicKey() => PublicKey.CreateFromSubjectPublicKeyInfo(Ed25519PublicKeyInfo(seed), out _);
    }

    /// <summary>A positive serial number below 2^128, as sprig draws it, in minimal big-endian form.</summary>
    public static byte[] Serial()
    {
        var n = new BigInteger(RandomNumberGenerator.GetBytes(16), isUnsigned: true, isBigEndian: true);
        return n.IsZero ? [1] : n.ToByteArray(isUnsigned: true, isBigEndian: true);
    }
}
