using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// Issue #64 item 2: <c>secretskit-agent --once --claim-stores-without-controller=false</c> (beside ESO), the real
/// process against the API fake. An ExternalSecret on a store ESO keeps still carries the <c>Ready=True</c> ESO wrote
/// (its Secret since deleted): the report must not call it synced, nor count it, and must leave ESO's status alone.
/// </summary>
public sealed class AgentOnceBesideEsoTests
{
    private static JsonObject ExternalSecret(string name, string store) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "ExternalSecret",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
        ["spec"] = AgentCluster.Spec(store, data: [("k", "k", null)]),
    };

    private static JsonObject Store(string name, string? controller)
    {
        var spec = new JsonObject { ["provider"] = AgentCluster.FakeProvider(("k", "v")) };
        if (controller is not null) spec["controller"] = controller;
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "SecretStore",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = spec,
        };
    }

    [Fact]
    public async Task Once_beside_eso_reports_external_secrets_of_esos_stores_as_not_ready_and_does_not_count_them_as_synced()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        server.Create(FakeResourceType.SecretStore, "default", Store("eso-store", controller: null));
        server.Create(FakeResourceType.SecretStore, "default", Store("ours", controller: "secretskit"));
        server.Create(FakeResourceType.ExternalSecret, "default", ExternalSecret("app", "ours"));
        var esos = server.Create(FakeResourceType.ExternalSecret, "default", ExternalSecret("legacy", "eso-store"));
        esos["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready", ["status"] = "True", ["reason"] = "SecretSynced", ["message"] = "secret synced",
            }),
        };
        server.ReplaceStatus(FakeResourceType.ExternalSecret, "default", "legacy", esos); // as ESO left it; its Secret is gone

        var (code, stdout, stderr) = await AgentProcess.RunAsync(home.Path, new() { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) },
            "--once", "--claim-stores-without-controller=false");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n');
        Assert.Contains("default/app: Ready SecretSynced -> Secret default/app (keys: k)", lines);
        Assert.Contains("default/legacy: NotReady StoreNotClaimed: store SecretStore default/eso-store has no spec.controller and this agent runs with "
            + "--claim-stores-without-controller=false; set spec.controller: secretskit on it for this agent to serve it (not reconciled by this pass)", lines);
        Assert.Equal("1 of 2 ExternalSecrets synced (1 on stores of another controller, not checked)", lines[^1]);
        Assert.Null(server.TryGet(FakeResourceType.Secret, "default", "legacy"));
        // ESO's object is ESO's: its status is left as ESO wrote it
        var legacy = server.TryGet(FakeResourceType.ExternalSecret, "default", "legacy")!;
        Assert.Equal("True", legacy["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
    }
}
