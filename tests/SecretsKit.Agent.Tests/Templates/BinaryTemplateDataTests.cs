using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Templates;

/// <summary>
/// Templates see a fetched value as Go does, as bytes: a Java keystore decoded with <c>b64dec</c> reaches the Secret
/// byte for byte (not as UTF-8 replacement characters), and a PKCS#12 store reaches ESO's <c>pkcs12key</c> and
/// <c>pkcs12cert</c> intact. Through the agent against the Kubernetes API fake.
/// </summary>
public sealed class BinaryTemplateDataTests
{
    private static JsonObject Template(string store, params (string Key, string Template)[] data) => Spec(store, target: new JsonObject
    {
        ["template"] = new JsonObject { ["data"] = new JsonObject(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)d.Template))) },
    }, data: [("keystore", "keystore", null)]);

    private static byte[] SecretBytes(AgentCluster c, string name, string key) =>
        Convert.FromBase64String(c.TargetSecret("default", name)!["data"]![key]!.GetValue<string>());

    [Fact]
    public async Task A_keystore_decoded_with_b64dec_keeps_every_byte_in_the_secret()
    {
        // a JKS header (FE ED FE ED, version 2) followed by every byte value, none of it UTF-8
        byte[] keystore = [0xFE, 0xED, 0xFE, 0xED, 0x00, 0x00, 0x00, 0x02, .. Enumerable.Range(0, 256).Select(i => (byte)i), 0xC3, 0x28, 0xFF];
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("keystore", Convert.ToBase64String(keystore))));
        c.ExternalSecret("default", "jks", Template("fake", ("keystore.jks", "{{ .keystore | b64dec }}"), ("length", "{{ .keystore | b64dec | len }}")));

        await c.PassAsync();

        Assert.Equal(keystore, SecretBytes(c, "jks", "keystore.jks"));
        Assert.Equal(keystore.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Value("default", "jks", "length"));
    }

    [Fact]
    public async Task A_pkcs12_store_reaches_esos_pkcs12_functions_intact()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=app", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = cert.Export(X509ContentType.Pkcs12, "changeit");
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("keystore", Convert.ToBase64String(pfx))));
        c.ExternalSecret("default", "p12", Template("fake",
            ("tls.key", """{{ .keystore | b64dec | pkcs12keyPass "changeit" }}"""),
            ("tls.crt", """{{ .keystore | b64dec | pkcs12certPass "changeit" }}""")));

        await c.PassAsync();

        using var read = RSA.Create();
        read.ImportFromPem(c.Value("default", "p12", "tls.key"));
        Assert.Equal(key.ExportRSAPublicKey(), read.ExportRSAPublicKey());
        Assert.Equal(cert.ExportCertificatePem() + "\n", c.Value("default", "p12", "tls.crt"));
    }
}
