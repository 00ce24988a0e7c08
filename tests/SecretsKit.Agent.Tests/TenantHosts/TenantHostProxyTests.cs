using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Hosting;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.TenantHosts;

/// <summary>
/// The real agent process with <c>HTTPS_PROXY</c> and <c>HTTP_PROXY</c> in its environment: a host a tenant's spec names
/// (a GithubAccessToken generator's <c>url</c>, a webhook store's <c>url</c>) is never reached through the proxy, which
/// would open the connection the link-local check must see. The names do not resolve (<c>.invalid</c>), so through
/// the proxy the request would be the proxy's to make (it records every CONNECT); without it the name fails to resolve.
/// </summary>
public sealed class TenantHostProxyTests
{
    private const string Ns = "default";

    [Fact]
    public async Task A_tenant_named_host_is_not_reached_through_the_environments_proxy()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        await using var upstream = HostileHttpServer.Redirect("http://169.254.169.254/latest/meta-data/");
        await using var proxy = ConnectProxy.Start(upstream.Port);
        using var key = RSA.Create(2048);
        Create(server, FakeResourceType.Secret, "github-app", "v1", "Secret", new JsonObject
        {
            ["data"] = new JsonObject { ["key.pem"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(key.ExportRSAPrivateKeyPem())) },
        });
        var github = server.Types.Single(t => t.Kind == "GithubAccessToken" && t.Group == "generators.external-secrets.io");
        Create(server, github, "gh", "generators.external-secrets.io/v1alpha1", "GithubAccessToken", new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["url"] = "https://github.tenant.invalid", ["appID"] = "123", ["installID"] = "456",
                ["auth"] = new JsonObject { ["privateKey"] = new JsonObject { ["secretRef"] = new JsonObject { ["name"] = "github-app", ["key"] = "key.pem" } } },
            },
        });
        Create(server, FakeResourceType.ExternalSecret, "gh", "external-secrets.io/v1", "ExternalSecret", new JsonObject
        {
            ["spec"] = Generators.GeneratorTests.GeneratorSpec(("GithubAccessToken", "gh")),
        });
        Create(server, FakeResourceType.SecretStore, "hook", "external-secrets.io/v1", "SecretStore", new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["provider"] = new JsonObject
                {
                    ["webhook"] = new JsonObject { ["url"] = "https://hooks.tenant.invalid/secrets/{{ .remoteRef.key }}", ["result"] = new JsonObject { ["jsonPath"] = "$" } },
                },
            },
        });
        Create(server, FakeResourceType.ExternalSecret, "hook", "external-secrets.io/v1", "ExternalSecret", new JsonObject
        {
            ["spec"] = AgentCluster.Spec("hook", refresh: "1h", data: [("value", "key", null)]),
        });
        await using var agent = AgentProcess.Start(home.Path, new()
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path),
            ["POD_NAME"] = "agent-a",
            ["HTTPS_PROXY"] = proxy.Address, ["https_proxy"] = proxy.Address,
            ["HTTP_PROXY"] = proxy.Address, ["http_proxy"] = proxy.Address,
            ["NO_PROXY"] = "127.0.0.1", ["no_proxy"] = "127.0.0.1", // the agent's own cluster (the fake API server)
        }, "--lease-namespace", Ns);

        await agent.UntilAsync(() => Failed(server, "gh") && Failed(server, "hook"), "both ExternalSecrets reported not Ready", TimeSpan.FromSeconds(120));

        Assert.Empty(proxy.Targets);
        Assert.Equal(0, proxy.Connections);
        Assert.Contains("github.tenant.invalid", Message(server, "gh"), StringComparison.Ordinal);
        Assert.Contains("failed to call endpoint", Message(server, "hook"), StringComparison.Ordinal);
        Assert.Null(server.TryGet(FakeResourceType.Secret, Ns, "gh"));
        Assert.Null(server.TryGet(FakeResourceType.Secret, Ns, "hook"));
    }

    private static void Create(FakeKubeApiServer server, FakeResourceType type, string name, string apiVersion, string kind, JsonObject body)
    {
        body["apiVersion"] = apiVersion;
        body["kind"] = kind;
        body["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Ns };
        server.Create(type, Ns, body);
    }

    private static JsonObject? Ready(FakeKubeApiServer server, string name) =>
        (server.TryGet(FakeResourceType.ExternalSecret, Ns, name)?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
        .FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");

    private static bool Failed(FakeKubeApiServer server, string name) => Ready(server, name)?["status"]?.GetValue<string>() == "False";

    private static string Message(FakeKubeApiServer server, string name) => Ready(server, name)?["message"]?.GetValue<string>() ?? "";
}
