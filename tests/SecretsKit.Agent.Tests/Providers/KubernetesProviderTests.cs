using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// ESO's <c>kubernetes</c> provider against a second API server fake (the "remote" cluster, HTTPS with its own CA) that
/// accepts only the store's credentials: reads by key, property, extract and find, with token and
/// client-certificate auth; never with the agent's own identity.
/// </summary>
public sealed class KubernetesProviderTests
{
    internal const string RemoteToken = "remote-reader-token";

    internal static async Task<FakeKubeApiServer> RemoteAsync()
    {
        var remote = await FakeKubeApiServer.StartAsync(https: true);
        remote.Create(FakeResourceType.Namespace, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "prod" } });
        remote.Create(FakeResourceType.Secret, "prod", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "db", ["namespace"] = "prod", ["labels"] = new JsonObject { ["team"] = "payments" } },
            ["data"] = new JsonObject
            {
                ["username"] = B64("app"),
                ["password"] = B64("p&ss<word>"),
                ["config"] = B64("""{"host":"db.prod","port":5432}"""),
            },
        });
        remote.Create(FakeResourceType.Secret, "prod", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "api", ["namespace"] = "prod" },
            ["data"] = new JsonObject { ["key"] = B64("k-1") },
        });
        remote.AcceptToken(RemoteToken);
        return remote;
    }

    internal static string B64(string s) => Convert.ToBase64String(Encoding.UTF8.GetBytes(s));

    internal static JsonObject Provider(FakeKubeApiServer remote, JsonObject auth) => new()
    {
        ["kubernetes"] = new JsonObject
        {
            ["remoteNamespace"] = "prod",
            ["server"] = new JsonObject { ["url"] = remote.BaseAddress.ToString(), ["caBundle"] = B64(remote.ServerCertificatePem!) },
            ["auth"] = auth,
        },
    };

    private static JsonObject TokenAuth() => new() { ["token"] = new JsonObject { ["bearerToken"] = new JsonObject { ["name"] = "remote-cred", ["key"] = "token" } } };

    [Fact]
    public async Task Kubernetes_store_reads_keys_properties_extract_and_find_from_the_remote_cluster_with_the_store_token()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        c.Secret("default", "remote-cred", new Dictionary<string, string> { ["token"] = RemoteToken });
        c.Store("default", "remote", Provider(remote, TokenAuth()));
        var spec = Spec("remote", data: [("user", "db", "username"), ("whole", "api", null)]);
        spec["dataFrom"] = new JsonArray(
            new JsonObject { ["extract"] = new JsonObject { ["key"] = "db" } },
            new JsonObject { ["find"] = new JsonObject { ["tags"] = new JsonObject { ["team"] = "payments" } }, ["rewrite"] = new JsonArray(new JsonObject { ["regexp"] = new JsonObject { ["source"] = "^(.*)$", ["target"] = "tagged-$1" } }) },
            new JsonObject { ["find"] = new JsonObject { ["name"] = new JsonObject { ["regexp"] = "^a" } } });
        c.ExternalSecret("default", "copy", spec);

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "copy") == "True", c.ReadyMessage("default", "copy"));
        Assert.Equal("app", c.Value("default", "copy", "user"));
        Assert.Equal("""{"key":"k-1"}""", c.Value("default", "copy", "whole"));
        Assert.Equal("p&ss<word>", c.Value("default", "copy", "password")); // extract: the Secret's own keys
        Assert.Equal("""{"host":"db.prod","port":5432}""", c.Value("default", "copy", "config"));
        Assert.Equal("""{"config":"{\"host\":\"db.prod\",\"port\":5432}","password":"p&ss<word>","username":"app"}""", c.Value("default", "copy", "tagged-db"));
        Assert.Equal("""{"key":"k-1"}""", c.Value("default", "copy", "api"));
    }

    [Fact]
    public async Task Kubernetes_store_authenticates_with_a_client_certificate_from_secrets()
    {
        await using var remote = await RemoteAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=tenant-reader", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        remote.AcceptClientCertificate(cert);
        await using var c = await StartAsync();
        c.Secret("default", "remote-cert", new Dictionary<string, string> { ["tls.crt"] = cert.ExportCertificatePem(), ["tls.key"] = key.ExportPkcs8PrivateKeyPem() });
        c.Store("default", "remote", Provider(remote, new JsonObject
        {
            ["cert"] = new JsonObject
            {
                ["clientCert"] = new JsonObject { ["name"] = "remote-cert", ["key"] = "tls.crt" },
                ["clientKey"] = new JsonObject { ["name"] = "remote-cert", ["key"] = "tls.key" },
            },
        }));
        c.ExternalSecret("default", "copy", Spec("remote", data: [("user", "db", "username")]));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "copy") == "True", c.ReadyMessage("default", "copy"));
        Assert.Equal("app", c.Value("default", "copy", "user"));
    }

    [Fact]
    public async Task Kubernetes_store_with_a_token_the_remote_refuses_fails_and_a_store_without_auth_is_invalid()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        c.Secret("default", "remote-cred", new Dictionary<string, string> { ["token"] = "not-granted" });
        c.Store("default", "wrong", Provider(remote, TokenAuth()));
        var noAuth = Provider(remote, new JsonObject());
        noAuth["kubernetes"]!.AsObject().Remove("auth");
        c.Store("default", "anonymous", noAuth);
        c.ExternalSecret("default", "wrong", Spec("wrong", data: [("user", "db", "username")]));
        c.ExternalSecret("default", "anonymous", Spec("anonymous", data: [("user", "db", "username")]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "wrong"));
        Assert.Contains("401", c.ReadyMessage("default", "wrong"), StringComparison.Ordinal);
        Assert.DoesNotContain("not-granted", c.ReadyMessage("default", "wrong"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "wrong"));
        Assert.Equal("False", c.ReadyStatus("default", "anonymous"));
        Assert.Contains("no auth provider given", c.ReadyMessage("default", "anonymous"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "anonymous"));
    }

    /// <summary>ESO's dotted property: a key named exactly so first, else a path inside that key's JSON value; the CA from a ConfigMap.</summary>
    [Fact]
    public async Task Kubernetes_store_reads_a_dotted_property_inside_a_keys_json_and_trusts_a_ca_from_a_config_map()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        c.Secret("default", "remote-cred", new Dictionary<string, string> { ["token"] = RemoteToken });
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "remote-ca", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["ca.crt"] = remote.ServerCertificatePem! },
        });
        var provider = Provider(remote, TokenAuth());
        provider["kubernetes"]!["server"] = new JsonObject
        {
            ["url"] = remote.BaseAddress.ToString(),
            ["caProvider"] = new JsonObject { ["type"] = "ConfigMap", ["name"] = "remote-ca", ["key"] = "ca.crt" },
        };
        c.Store("default", "remote", provider);
        c.ExternalSecret("default", "copy", Spec("remote", data: [("host", "db", "config.host"), ("port", "db", "config.port"), ("user", "db", "username")]));
        c.ExternalSecret("default", "missing", Spec("remote", data: [("v", "db", "config.nosuch")]));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "copy") == "True", c.ReadyMessage("default", "copy"));
        Assert.Equal("db.prod", c.Value("default", "copy", "host"));
        Assert.Equal("5432", c.Value("default", "copy", "port"));
        Assert.Equal("app", c.Value("default", "copy", "user"));
        Assert.Equal("False", c.ReadyStatus("default", "missing"));
        Assert.Contains("property config.nosuch does not exist in data of secret \"db\"", c.ReadyMessage("default", "missing"), StringComparison.Ordinal);
    }
}
