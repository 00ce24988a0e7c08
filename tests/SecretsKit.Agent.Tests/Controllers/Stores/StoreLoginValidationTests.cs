using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Tests.Hosting;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests.Controllers.Stores;

/// <summary>
/// Issue #64 item 3, through the real agent process against the API and Vault fakes: stores are validated as ESO's store
/// controller does (client built, then <c>Validate()</c>). A Vault store whose Kubernetes login is refused and an IRSA
/// store whose STS cannot be reached are <c>Ready=False</c> saying so, and the dashboard's "not ready" series count them;
/// a ClusterSecretStore whose login depends on the namespace served is not validated (ESO skips it too).
/// </summary>
public sealed class StoreLoginValidationTests
{
    private static JsonObject Store(string kind, string name, JsonObject provider) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = kind,
        ["metadata"] = kind == "SecretStore" ? new JsonObject { ["name"] = name, ["namespace"] = "default" } : new JsonObject { ["name"] = name },
        ["spec"] = new JsonObject { ["provider"] = provider },
    };

    private static JsonObject VaultKubernetes(FakeVaultServer vault, JsonObject serviceAccountRef) => new()
    {
        ["vault"] = new JsonObject
        {
            ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
            ["auth"] = new JsonObject { ["kubernetes"] = new JsonObject { ["role"] = "app", ["serviceAccountRef"] = serviceAccountRef } },
        },
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port; // nothing listens there once the listener is stopped
    }

    private static JsonObject? Ready(FakeKubeApiServer server, FakeResourceType type, string? ns, string name) =>
        server.TryGet(type, ns, name)?["status"]?["conditions"]?[0] as JsonObject;

    [Fact]
    public async Task Stores_whose_login_fails_are_not_ready_with_the_reason_and_counted_as_not_ready_in_the_metrics()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        await using var vault = await FakeVaultServer.StartAsync();
        // Vault's role "app" is bound to another ServiceAccount: the login of default/app is refused
        vault.AddServiceAccountRole("app", server.TokenRequests.Issuer, "payments", "api");
        server.ServiceAccount("default", "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = "arn:aws:iam::111122223333:role/app" });
        server.Create(FakeResourceType.SecretStore, "default", Store("SecretStore", "vault", VaultKubernetes(vault, new JsonObject { ["name"] = "app" })));
        server.Create(FakeResourceType.SecretStore, "default", Store("SecretStore", "aws", new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = "SecretsManager", ["region"] = "eu-west-1",
                ["auth"] = new JsonObject { ["jwt"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } } },
            },
        }));
        server.Create(FakeResourceType.SecretStore, "default", Store("SecretStore", "fake", AgentCluster.FakeProvider(("k", "v"))));
        // keyless and referent: the ServiceAccount is the ExternalSecret's namespace's, unknown while validating the store
        server.Create(FakeResourceType.ClusterSecretStore, null, Store("ClusterSecretStore", "vault-shared", VaultKubernetes(vault, new JsonObject { ["name"] = "app" })));
        var env = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path),
            ["AWS_STS_ENDPOINT"] = $"http://127.0.0.1:{ClosedPort()}/",
        };
        await using var agent = AgentProcess.Start(home.Path, env, "--lease-namespace", "default", "--shutdown-timeout", "10s");

        var metrics = "";
        await Poll.UntilAsync(async () =>
        {
            var (status, body) = await agent.GetAsync("/metrics");
            metrics = body;
            return status == 200
                && body.Contains("secretstore_status_condition{condition=\"Ready\",name=\"vault\",namespace=\"default\",status=\"False\"} 1", StringComparison.Ordinal)
                && body.Contains("secretstore_status_condition{condition=\"Ready\",name=\"aws\",namespace=\"default\",status=\"False\"} 1", StringComparison.Ordinal)
                && body.Contains("secretstore_status_condition{condition=\"Ready\",name=\"fake\",namespace=\"default\",status=\"True\"} 1", StringComparison.Ordinal)
                && body.Contains("clustersecretstore_status_condition{condition=\"Ready\",name=\"vault-shared\",namespace=\"\",status=\"True\"} 1", StringComparison.Ordinal);
        }, "the store series of /metrics", TimeSpan.FromSeconds(120));

        Assert.Contains("secretstore_status_condition{condition=\"Ready\",name=\"vault\",namespace=\"default\",status=\"True\"} 0", metrics, StringComparison.Ordinal);
        var vaultReady = Ready(server, FakeResourceType.SecretStore, "default", "vault")!;
        Assert.Equal(("False", "InvalidProviderConfig"), (vaultReady["status"]!.GetValue<string>(), vaultReady["reason"]!.GetValue<string>()));
        var vaultMessage = vaultReady["message"]!.GetValue<string>();
        Assert.True(vaultMessage.StartsWith("unable to validate store: vault: login with ", StringComparison.Ordinal)
            && vaultMessage.Contains($"{vault.BaseAddress}v1/auth/kubernetes/login failed: HTTP 403: permission denied", StringComparison.Ordinal), vaultMessage);
        var awsReady = Ready(server, FakeResourceType.SecretStore, "default", "aws")!;
        Assert.Equal(("False", "InvalidProviderConfig"), (awsReady["status"]!.GetValue<string>(), awsReady["reason"]!.GetValue<string>()));
        var awsMessage = awsReady["message"]!.GetValue<string>();
        Assert.True(awsMessage.StartsWith("unable to validate store: ", StringComparison.Ordinal)
            && awsMessage.Contains("AssumeRoleWithWebIdentity", StringComparison.Ordinal), awsMessage);
        Assert.Equal("store validated", Ready(server, FakeResourceType.ClusterSecretStore, null, "vault-shared")!["message"]!.GetValue<string>());
        Assert.Empty(vault.IssuedTokens);
    }
}
