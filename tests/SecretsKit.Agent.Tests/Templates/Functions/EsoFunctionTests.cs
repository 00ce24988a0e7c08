using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using SecretsKit.Agent.Templates.Functions;
using SecretsKit.Go.Text;
using SecretsKit.Go.Values;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Agent.Tests.Templates.Functions;

/// <summary>
/// ESO's own functions that the Go oracle cannot run (go-pkcs12 and jwx are not Debian packages), checked against the
/// BCL reading what they write and writing what they read: PKCS#12 stores both ways, chain filtering by key ids, JWKs
/// to PEM, RSA-OAEP decryption.
/// </summary>
public sealed class EsoFunctionTests
{
    private static string Render(string template, params (string Key, string Value)[] data) =>
        Template.Render("t", template, GoTypedDictionary.Strings(data.Select(d => KeyValuePair.Create(d.Key, d.Value))),
            EsoTemplateFunctions.Table, new TemplateOptions(MissingKeyIsError: true));

    private static (X509Certificate2 Root, X509Certificate2 Intermediate, X509Certificate2 Leaf, RSA LeafKey) Chain()
    {
        var now = DateTimeOffset.UtcNow;
        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=root", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        using var midKey = RSA.Create(2048);
        var midRequest = new CertificateRequest("CN=intermediate", midKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        midRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        midRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(midRequest.PublicKey, false));
        midRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        using var midPublic = midRequest.Create(root, now.AddDays(-1), now.AddDays(20), [1]);
        var mid = midPublic.CopyWithPrivateKey(midKey);
        var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(mid, true, false));
        var leaf = leafRequest.Create(mid, now.AddDays(-1), now.AddDays(10), [2]);
        return (root, mid, leaf, leafKey);
    }

    private static string Pem(X509Certificate2 cert) => cert.ExportCertificatePem() + "\n";

    [Fact]
    public void FilterCertChain_picks_leaf_intermediates_and_root_whatever_the_order()
    {
        var (root, mid, leaf, key) = Chain();
        using (key)
        {
            var bundle = Pem(root) + Pem(leaf) + Pem(mid);
            Assert.Equal(Pem(leaf), Render("{{ filterCertChain \"leaf\" .b }}", ("b", bundle)));
            Assert.Equal(Pem(mid), Render("{{ filterCertChain \"intermediate\" .b }}", ("b", bundle)));
            Assert.Equal(Pem(root), Render("{{ filterCertChain \"root\" .b }}", ("b", bundle)));
            Assert.Equal("", Render("{{ filterCertChain \"other\" .b }}", ("b", bundle)));
        }
    }

    [Fact]
    public void FilterCertChain_refuses_two_unrelated_leaves()
    {
        var (root, _, leaf, key) = Chain();
        var (otherRoot, _, _, otherKey) = Chain();
        using (key)
        using (otherKey)
        {
            var e = Assert.Throws<GoTemplateException>(() => Render("{{ filterCertChain \"leaf\" .b }}", ("b", Pem(root) + Pem(leaf) + Pem(otherRoot))));
            Assert.EndsWith("error calling filterCertChain: found multiple leaf or disjunct certificates", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FullPemToPkcs12Pass_writes_a_store_the_BCL_opens_with_the_password_and_pkcs12_functions_read_back()
    {
        var (root, mid, leaf, key) = Chain();
        using (key)
        {
            var keyPem = key.ExportPkcs8PrivateKeyPem();
            var b64 = Render("{{ fullPemToPkcs12Pass .c .k \"pw\" }}", ("c", Pem(leaf) + Pem(mid) + Pem(root)), ("k", keyPem));
            var store = Convert.FromBase64String(b64);
            var info = Pkcs12Info.Decode(store, out _);
            Assert.True(info.VerifyMac("pw"));
            Assert.Equal(2, info.AuthenticatedSafe.Count);
            var certs = X509CertificateLoader.LoadPkcs12Collection(store, "pw");
            Assert.Equal(3, certs.Count);
            Assert.Contains(certs, c => c.HasPrivateKey && c.Thumbprint == leaf.Thumbprint);
            var binary = GoString.FromBytes(store);
            Assert.Equal(Pem(leaf) + Pem(mid) + Pem(root), Render("{{ .p | pkcs12certPass \"pw\" }}", ("p", binary)));
            using var read = RSA.Create();
            read.ImportFromPem(Render("{{ .p | pkcs12keyPass \"pw\" }}", ("p", binary)));
            Assert.Equal(key.ExportRSAPublicKey(), read.ExportRSAPublicKey());
            var wrong = Assert.Throws<GoTemplateException>(() => Render("{{ .p | pkcs12keyPass \"nope\" }}", ("p", binary)));
            Assert.EndsWith("unable to decode pkcs12 with password: pkcs12: decryption password incorrect", wrong.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PemToPkcs12_holds_only_the_first_certificate_and_opens_without_a_password()
    {
        var (root, _, leaf, key) = Chain();
        using (key)
        {
            var b64 = Render("{{ pemToPkcs12 .c .k }}", ("c", Pem(leaf) + Pem(root)), ("k", key.ExportRSAPrivateKeyPem()));
            var certs = X509CertificateLoader.LoadPkcs12Collection(Convert.FromBase64String(b64), "");
            Assert.Equal(leaf.Thumbprint, Assert.Single(certs).Thumbprint);
            Assert.Equal(Pem(leaf), Render("{{ .p | pkcs12cert }}", ("p", GoString.FromBytes(Convert.FromBase64String(b64)))));
        }
    }

    [Fact]
    public void PemTruststoreToPKCS12_holds_every_certificate_without_a_key()
    {
        var (root, mid, _, key) = Chain();
        using (key)
        {
            var b64 = Render("{{ pemTruststoreToPKCS12Pass .c \"changeit\" }}", ("c", Pem(root) + Pem(mid)));
            var certs = X509CertificateLoader.LoadPkcs12Collection(Convert.FromBase64String(b64), "changeit");
            Assert.Equal(2, certs.Count);
            Assert.DoesNotContain(certs, c => c.HasPrivateKey);
        }
    }

    [Fact]
    public void A_pem_that_is_not_one_fails_as_go_does_on_its_nil_block()
    {
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ pemToPkcs12 \"x\" \"y\" }}"));
        Assert.EndsWith("error calling pemToPkcs12: runtime error: invalid memory address or nil pointer dereference", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwk_functions_write_the_keys_public_and_private_pem()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(true);
        static string B64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var jwk = $$"""{"kty":"EC","crv":"P-256","x":"{{B64Url(p.Q.X!)}}","y":"{{B64Url(p.Q.Y!)}}","d":"{{B64Url(p.D!)}}"}""";
        Assert.Equal(ec.ExportSubjectPublicKeyInfoPem() + "\n", Render("{{ jwkPublicKeyPem .j }}", ("j", jwk)));
        using var read = ECDsa.Create();
        read.ImportFromPem(Render("{{ jwkPrivateKeyPem .j }}", ("j", jwk)));
        Assert.Equal(p.D, read.ExportParameters(true).D);
        using var rsa = RSA.Create(2048);
        var r = rsa.ExportParameters(false);
        var rsaJwk = $$"""{"kty":"RSA","n":"{{B64Url(r.Modulus!)}}","e":"{{B64Url(r.Exponent!)}}"}""";
        Assert.Equal(rsa.ExportSubjectPublicKeyInfoPem() + "\n", Render("{{ jwkPublicKeyPem .j }}", ("j", rsaJwk)));
    }

    [Fact]
    public void RsaDecrypt_reads_oaep_with_the_named_hash()
    {
        using var rsa = RSA.Create(2048);
        var cipher = GoString.FromBytes(rsa.Encrypt("s3cret"u8.ToArray(), RSAEncryptionPadding.OaepSHA256));
        Assert.Equal("s3cret", Render("{{ rsaDecrypt \"RSA-OAEP\" \"SHA256\" .c .k }}", ("c", cipher), ("k", rsa.ExportRSAPrivateKeyPem())));
        Assert.Equal("as is", Render("{{ rsaDecrypt \"None\" \"SHA256\" \"as is\" \"\" }}"));
        var e = Assert.Throws<GoTemplateException>(() => Render("{{ rsaDecrypt \"RSA-PSS\" \"SHA256\" \"x\" \"\" }}"));
        Assert.EndsWith("decryption scheme RSA-PSS is not supported", e.Message, StringComparison.Ordinal);
    }
}
