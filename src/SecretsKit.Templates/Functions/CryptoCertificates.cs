using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Go;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Net;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's certificate functions: <c>buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey
/// genSignedCert genSignedCertWithKey</c>. Each returns sprig's <c>certificate</c> struct (<c>.Cert</c> and <c>.Key</c>, PEM)
/// built with the BCL's <see cref="CertificateRequest"/> to the template sprig hands Go's <c>x509.CreateCertificate</c>:
/// a random 128-bit serial, only a common name, valid from now for N days, key usage (critical) key encipherment and
/// digital signature (and certificate signing for a CA), extended key usage server and client auth, basic constraints
/// (critical), a SHA-1 subject key id on a CA, the signer's key id as authority key id, DNS names then IPs as SANs.
/// New keys are RSA 2048. "Now" is the clock the registration is given.
/// </summary>
internal static class CryptoCertificates
{
    public const string TypeName = "sprig.certificate";

    public static void Register(IDictionary<string, TemplateFunction> t, TimeProvider clock)
    {
        t["buildCustomCert"] = c => BuildCustom(c.Exactly(2).String(0), c.String(1));
        t["genCA"] = c => Ca(c.Exactly(2).String(0), c.Int(1), NewRsa, clock);
        t["genCAWithKey"] = c => Ca(c.Exactly(3).String(0), c.Int(1), () => ParseKey(c.String(2)), clock);
        t["genSelfSignedCert"] = c => SelfSigned(c.Exactly(4), NewRsa, clock);
        t["genSelfSignedCertWithKey"] = c => SelfSigned(c.Exactly(5), () => ParseKey(c.String(4)), clock);
        t["genSignedCert"] = c => Signed(c.Exactly(5), NewRsa, clock);
        t["genSignedCertWithKey"] = c => Signed(c.Exactly(6), () => ParseKey(c.String(5)), clock);
    }

#pragma warning disable CA2000 // owned by the GoPrivateKey, which the caller disposes
    private static GoPrivateKey NewRsa() => new(RSA.Create(2048), null);
#pragma warning restore CA2000

    private static GoPrivateKey ParseKey(string pem)
    {
        try
        {
            return CryptoKeys.Parse(pem);
        }
        catch (GoException e)
        {
            throw new TemplateFunctionException("parsing private key: " + e.Message);
        }
    }

    /// <summary>A sprig <c>certificate</c> value.</summary>
    public static GoStruct Certificate(string cert, string key) =>
        new(TypeName, new Dictionary<string, object?>(StringComparer.Ordinal) { ["Cert"] = cert, ["Key"] = key });

    private static GoStruct BuildCustom(string b64cert, string b64key)
    {
        var (cert, certError) = GoBase64.Decode64(CryptoFunctions.Bytes(b64cert));
        if (certError is not null) throw new TemplateFunctionException("unable to decode base64 certificate");
        var (key, keyError) = GoBase64.Decode64(CryptoFunctions.Bytes(b64key));
        if (keyError is not null) throw new TemplateFunctionException("unable to decode base64 private key");
        var (block, _) = GoPem.Decode(cert);
        if (block is null) throw new TemplateFunctionException("unable to decode certificate");
        ParseCertificate(block.Bytes, "error parsing certificate: decodedCert.Bytes: ");
        ParseSigner(CryptoFunctions.Text(key)).Dispose();
        return Certificate(CryptoFunctions.Text(cert), CryptoFunctions.Text(key));
    }

    private static X509Certificate2 ParseCertificate(byte[] der, string prefix)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            throw new TemplateFunctionException(prefix + "x509: malformed certificate");
        }
    }

    private static GoStruct Ca(string cn, long days, Func<GoPrivateKey> newKey, TimeProvider clock)
    {
        using var key = newKey();
        var request = Request(cn, [], [], key, isCa: true);
        return Issue(request, key, parent: null, key, signerKeyId: null, days, clock);
    }

    private static GoStruct SelfSigned(TemplateCall c, Func<GoPrivateKey> newKey, TimeProvider clock)
    {
        using var key = newKey();
        var request = Request(c.String(0), Ips(c, 1), DnsNames(c, 2), key, isCa: false);
        return Issue(request, key, parent: null, key, signerKeyId: null, c.Int(3), clock);
    }

    private static GoStruct Signed(TemplateCall c, Func<GoPrivateKey> newKey, TimeProvider clock)
    {
        if (c[4] is not GoStruct { TypeName: TypeName } ca) throw c.WrongType(4, TypeName);
        using var key = newKey();
        var (block, _) = GoPem.Decode(CryptoFunctions.Bytes((string)ca.Fields["Cert"]!));
        if (block is null) throw new TemplateFunctionException("unable to decode certificate");
        using var signerCert = ParseCertificate(block.Bytes, "error parsing certificate: decodedSignerCert.Bytes: ");
        using var signerKey = ParseSigner((string)ca.Fields["Key"]!);
        var request = Request(c.String(0), Ips(c, 1), DnsNames(c, 2), key, isCa: false);
        var keyId = signerCert.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()?.SubjectKeyIdentifierBytes.ToArray();
        return Issue(request, key, signerCert, signerKey, keyId, c.Int(3), clock);
    }

    private static GoPrivateKey ParseSigner(string pem)
    {
        try
        {
            return CryptoKeys.Parse(pem);
        }
        catch (GoException e)
        {
            throw new TemplateFunctionException("error parsing private key: " + e.Message);
        }
    }

    private static CertificateRequest Request(string cn, List<IPAddress> ips, List<string> dnsNames, GoPrivateKey key, bool isCa)
    {
        var subject = new X500DistinguishedNameBuilder();
        if (cn.Length > 0) subject.AddCommonName(cn);
        PublicKey publicKey;
        try
        {
            publicKey = PublicKey.CreateFromSubjectPublicKeyInfo(key.PublicKeyInfo(), out _);
        }
        catch (CryptographicException)
        {
            throw new TemplateFunctionException("error creating certificate: x509: only RSA, ECDSA and Ed25519 keys supported");
        }
        var request = new CertificateRequest(subject.Build(), publicKey, CryptoKeys.Hash(key));
        var usage = X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DigitalSignature;
        request.CertificateExtensions.Add(new X509KeyUsageExtension(isCa ? usage | X509KeyUsageFlags.KeyCertSign : usage, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCa, hasPathLengthConstraint: false, 0, critical: true));
        if (isCa) request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(publicKey, X509SubjectKeyIdentifierHashAlgorithm.Sha1, critical: false));
        if (ips.Count + dnsNames.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames) san.AddDnsName(name);
            foreach (var ip in ips) san.AddIpAddress(ip);
            request.CertificateExtensions.Add(san.Build());
        }
        return request;
    }

    /// <summary>Signs in the order Go checks: a signer that can sign, a public key x509 can encode, a signer matching its certificate.</summary>
    private static GoStruct Issue(CertificateRequest request, GoPrivateKey key, X509Certificate2? parent, GoPrivateKey signer, byte[]? signerKeyId, long days, TimeProvider clock)
    {
        var generator = CryptoKeys.Signer(signer);
        if (key.Key is DSA) throw new TemplateFunctionException("error creating certificate: x509: unsupported public key type: *dsa.PublicKey");
        if (parent is not null && !signer.PublicKeyInfo().AsSpan().SequenceEqual(parent.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TemplateFunctionException("error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey");
        }
        var issuer = parent?.SubjectName ?? request.SubjectName;
        if (signerKeyId is { Length: > 0 } && !issuer.RawData.AsSpan().SequenceEqual(request.SubjectName.RawData))
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(signerKeyId));
        }
        var now = clock.GetUtcNow();
        var notAfter = days is > -3_000_000 and < 3_000_000 ? now.AddDays(days) : throw new TemplateFunctionException("error creating certificate: validity out of range");
        var der = request.Create(issuer, generator, now, notAfter, CryptoKeys.Serial()).RawData;
        return Certificate(GoPem.Encode("CERTIFICATE", der), CryptoKeys.ToPem(key));
    }

    /// <summary>sprig's <c>getNetIPs</c>: nil is none; each element a string Go's <c>net.ParseIP</c> accepts.</summary>
    private static List<IPAddress> Ips(TemplateCall c, int i) => Strings(c, i, v => v is string s && GoIp.TryParse(s, out var ip) ? ip
        : throw new TemplateFunctionException(v is string bad ? $"error parsing ip: {bad}" : $"error parsing ip: {GoValues.Format(v)} is not a string"));

    private static List<string> DnsNames(TemplateCall c, int i) => Strings(c, i, v => v as string
        ?? throw new TemplateFunctionException($"error processing alternate dns name: {GoValues.Format(v)} is not a string"));

    /// <summary>A <c>[]interface {}</c> parameter (nil allowed; a typed slice such as <c>[]string</c> is a type error, as in Go).</summary>
    private static List<T> Strings<T>(TemplateCall c, int i, Func<object?, T> convert) => c[i] switch
    {
        null => [],
        GoSlice => throw c.WrongType(i, "[]interface {}"),
        IReadOnlyList<object?> l => l.Select(convert).ToList(),
        _ => throw c.WrongType(i, "[]interface {}"),
    };
}
