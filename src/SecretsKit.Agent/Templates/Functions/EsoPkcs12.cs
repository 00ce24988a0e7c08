using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Go;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Text;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Functions;

namespace SecretsKit.Agent.Templates.Functions;

/// <summary>
/// ESO's PKCS#12 functions over the BCL's <see cref="Pkcs12Info"/> and <see cref="Pkcs12Builder"/>, with go-pkcs12's
/// rules: a store read has two safe contents, the first certificate bag is the leaf, exactly one shrouded key bag, an
/// empty password also tried as none; a store written is go-pkcs12's "Modern" one (AES-256-CBC, PBKDF2-SHA256 and a
/// SHA-256 MAC, 2048 iterations; the leaf and key tagged with the leaf's SHA-1 as local key id), base64-encoded.
/// </summary>
internal static class EsoPkcs12
{
    private const string NilDereference = "runtime error: invalid memory address or nil pointer dereference";
    private static readonly PbeParameters Modern = new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 2048);

    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["pkcs12key"] = c => Key("", c.Exactly(1).String(0));
        t["pkcs12keyPass"] = c => Key(c.Exactly(2).String(0), c.String(1));
        t["pkcs12cert"] = c => Certs("", c.Exactly(1).String(0));
        t["pkcs12certPass"] = c => Certs(c.Exactly(2).String(0), c.String(1));
        t["pemToPkcs12"] = c => FromPem(c.Exactly(2).String(0), c.String(1), "", full: false);
        t["pemToPkcs12Pass"] = c => FromPem(c.Exactly(3).String(0), c.String(1), c.String(2), full: false);
        t["fullPemToPkcs12"] = c => FromPem(c.Exactly(2).String(0), c.String(1), "", full: true);
        t["fullPemToPkcs12Pass"] = c => FromPem(c.Exactly(3).String(0), c.String(1), c.String(2), full: true);
        t["pemTruststoreToPKCS12"] = c => TrustStore(c.Exactly(1).String(0), "");
        t["pemTruststoreToPKCS12Pass"] = c => TrustStore(c.Exactly(2).String(0), c.String(1));
    }

    private static string Key(string password, string input)
    {
        var (key, _, _) = Decode(input, password, "unable to decode pkcs12 with password: ");
        using (key) return GoPem.Encode("PRIVATE KEY", CryptoKeys.ToPkcs8(key));
    }

    private static string Certs(string password, string input)
    {
        var (key, leaf, cas) = Decode(input, password, "unable to decode pkcs12 certificate with password: ");
        key.Dispose();
        var pem = string.Concat(new[] { leaf }.Concat(cas).Select(der => GoPem.Encode("CERTIFICATE", der)));
        try
        {
            return string.Concat(EsoCertificates.Order(GoString.ToBytes(pem)).Select(c => GoPem.Encode("CERTIFICATE", c.Raw)));
        }
        catch (GoException)
        {
            // ESO keeps the store's order when the chain cannot be ordered
            return pem;
        }
    }

    private static (GoPrivateKey Key, byte[] Leaf, List<byte[]> Cas) Decode(string input, string password, string prefix)
    {
        Pkcs12Info info;
        try
        {
            info = Pkcs12Info.Decode(GoString.ToBytes(input), out _, skipCopy: false);
        }
        catch (CryptographicException)
        {
            throw new TemplateFunctionException(prefix + "pkcs12: error reading P12 data: asn1: structure error");
        }
        if (info.IntegrityMode != Pkcs12IntegrityMode.Password) throw new TemplateFunctionException(prefix + "pkcs12: no MAC in data");
        string? used = password;
        if (!info.VerifyMac(used))
        {
            used = null;
            if (password.Length != 0 || !info.VerifyMac(used)) throw new TemplateFunctionException(prefix + "pkcs12: decryption password incorrect");
        }
        if (info.AuthenticatedSafe.Count != 2) throw new TemplateFunctionException(prefix + "pkcs12: expected exactly two items in the authenticated safe");
        GoPrivateKey? key = null;
        byte[]? leaf = null;
        var cas = new List<byte[]>();
        try
        {
            foreach (var contents in info.AuthenticatedSafe)
            {
                if (contents.ConfidentialityMode == Pkcs12ConfidentialityMode.Password) contents.Decrypt(used);
                foreach (var bag in contents.GetBags())
                {
                    switch (bag)
                    {
                        case Pkcs12CertBag cert when cert.IsX509Certificate:
                            byte[] der;
                            using (var x509 = cert.GetCertificate()) der = x509.RawData;
                            if (leaf is null) leaf = der;
                            else cas.Add(der);
                            break;
                        case Pkcs12ShroudedKeyBag shrouded:
                            if (key is not null) throw new TemplateFunctionException(prefix + "pkcs12: expected exactly one key bag");
                            var pkcs8 = Pkcs8PrivateKeyInfo.DecryptAndDecode(used, shrouded.EncryptedPkcs8PrivateKey, out _);
                            key = CryptoKeys.ParsePkcs8(pkcs8.Encode())
                                ?? throw new TemplateFunctionException(prefix + "pkcs12: unsupported private key type");
                            break;
                    }
                }
            }
        }
        catch (CryptographicException)
        {
            key?.Dispose();
            throw new TemplateFunctionException(prefix + "pkcs12: decryption error, incorrect padding");
        }
        if (leaf is null)
        {
            key?.Dispose();
            throw new TemplateFunctionException(prefix + "pkcs12: certificate missing");
        }
        return (key ?? throw new TemplateFunctionException(prefix + "pkcs12: private key missing"), leaf, cas);
    }

    /// <summary>ESO's <c>pemToPkcs12</c> (the first certificate) and <c>fullPemToPkcs12</c> (every certificate after it as CAs).</summary>
    private static string FromPem(string certPem, string keyPem, string password, bool full)
    {
        var (block, rest) = GoPem.Decode(GoString.ToBytes(certPem));
        if (block is null) throw new TemplateFunctionException(NilDereference);
        var leaf = Parse(block.Bytes);
        var cas = new List<X509Certificate2>();
        try
        {
            if (full) cas = ParseAll(rest);
            var (keyBlock, _) = GoPem.Decode(GoString.ToBytes(keyPem));
            if (keyBlock is null) throw new TemplateFunctionException(NilDereference);
            using var key = ParseKey(keyBlock.Bytes);
            var builder = new Pkcs12Builder();
#pragma warning disable CA5350 // go-pkcs12 tags the leaf and its key with the leaf's SHA-1 fingerprint; an identifier, not a signature
            var localKeyId = new Pkcs9LocalKeyId(SHA1.HashData(leaf.RawData));
#pragma warning restore CA5350
            var certs = new Pkcs12SafeContents();
            certs.AddCertificate(leaf).Attributes.Add(localKeyId);
            foreach (var ca in cas) certs.AddCertificate(ca);
            builder.AddSafeContentsEncrypted(certs, password, Modern);
            var keys = new Pkcs12SafeContents();
            var info = Pkcs8PrivateKeyInfo.Decode(CryptoKeys.ToPkcs8(key), out _, skipCopy: false);
            var keyBag = new Pkcs12ShroudedKeyBag(info.Encrypt(password, Modern), skipCopy: true);
            keyBag.Attributes.Add(localKeyId);
            keys.AddSafeBag(keyBag);
            builder.AddSafeContentsUnencrypted(keys);
            builder.SealWithMac(password, HashAlgorithmName.SHA256, 2048);
            return Convert.ToBase64String(builder.Encode());
        }
        finally
        {
            leaf.Dispose();
            foreach (var ca in cas) ca.Dispose();
        }
    }

    private static string TrustStore(string pem, string password)
    {
        var cas = ParseAll(GoString.ToBytes(pem));
        try
        {
            var builder = new Pkcs12Builder();
            var certs = new Pkcs12SafeContents();
            foreach (var ca in cas)
            {
                var bag = certs.AddCertificate(ca);
                // Java's trusted-certificate attribute (any extended key usage) and the subject as the friendly name
                var trusted = new Oid("2.16.840.1.113894.746875.1.1");
                bag.Attributes.Add(new CryptographicAttributeObject(trusted,
                    new AsnEncodedDataCollection(new AsnEncodedData(trusted, new byte[] { 0x06, 0x04, 0x55, 0x1d, 0x25, 0x00 }))));
                var name = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
                name.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.BMPString, ca.SubjectName.Name.Replace(", ", ",", StringComparison.Ordinal));
                var friendlyName = new Oid("1.2.840.113549.1.9.20");
                bag.Attributes.Add(new CryptographicAttributeObject(friendlyName, new AsnEncodedDataCollection(new AsnEncodedData(friendlyName, name.Encode()))));
            }
            builder.AddSafeContentsEncrypted(certs, password, Modern);
            builder.SealWithMac(password, HashAlgorithmName.SHA256, 2048);
            return Convert.ToBase64String(builder.Encode());
        }
        finally
        {
            foreach (var ca in cas) ca.Dispose();
        }
    }

    /// <summary>ESO's <c>parseCaCerts</c>: every block a certificate; text that is not a block fails as Go's nil block does.</summary>
    private static List<X509Certificate2> ParseAll(byte[] data)
    {
        var certs = new List<X509Certificate2>();
        while (data.Length > 0)
        {
            var (block, rest) = GoPem.Decode(data);
            if (block is null)
            {
                foreach (var c in certs) c.Dispose();
                throw new TemplateFunctionException(NilDereference);
            }
            certs.Add(Parse(block.Bytes));
            data = rest;
        }
        return certs;
    }

    private static X509Certificate2 Parse(byte[] der)
    {
        try
        {
            return X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            throw new TemplateFunctionException("x509: malformed certificate");
        }
    }

    /// <summary>ESO's <c>parsePrivateKey</c>: PKCS#1, then PKCS#8, then SEC 1.</summary>
    internal static GoPrivateKey ParseKey(byte[] der)
    {
        foreach (var type in new[] { "RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY" })
        {
            try
            {
                return CryptoKeys.Parse(GoPem.Encode(type, der));
            }
            catch (GoException)
            {
                // try the next encoding, as ESO does
            }
        }
        throw new TemplateFunctionException("unable to parse private key type");
    }
}
