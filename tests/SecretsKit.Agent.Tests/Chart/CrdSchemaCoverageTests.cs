using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Chart;

/// <summary>
/// What the agent writes (status of ExternalSecrets, SecretStores, ClusterSecretStores, SopsSecrets) against the CRD
/// schemas the chart renders with the real helm: the fake API server serves those CRDs and prunes undeclared fields
/// as a real server does, so any field the agent writes outside the schema shows up as pruned.
/// </summary>
public sealed class CrdSchemaCoverageTests
{
    [Fact]
    public async Task Nothing_the_agent_writes_in_success_and_failure_is_pruned_by_the_chart_schemas()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Store("team-a", "ok", FakeProvider(("k", "v")));
        c.Store(null, "shared", FakeProvider(("k", "v")));
        c.Store(null, "broken", new JsonObject { ["gcpsm"] = new JsonObject { ["projectID"] = "p" } });
        c.ExternalSecret("team-a", "synced", Spec("ok", data: [("k", "k", null)]));
        c.ExternalSecret("team-a", "cluster", Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]));
        c.ExternalSecret("team-a", "failing", Spec("missing", data: [("k", "k", null)]));
        var key = NewKey();
        c.KeySecret("team-a", key.KeysFileText);
        c.SopsSecret("team-a", "decrypted", Spec(Encrypt("namespaces: [team-a]\nstringData:\n    a: b\n", key.Recipient)));
        c.SopsSecret("team-a", "refused", Spec(Encrypt("namespaces: [other]\nstringData:\n    a: b\n", key.Recipient)));

        await c.PassAsync();
        await c.PassAsync();

        Assert.Empty(c.Server.UnknownFields);
        var sops = c.Server.TryGet(FakeResourceType.SopsSecret, "team-a", "decrypted")!["status"]!;
        Assert.Equal(1, sops["conditions"]![0]!["observedGeneration"]!.GetValue<long>());
        Assert.Equal(1, sops["observedGeneration"]!.GetValue<long>());
        Assert.NotNull(sops["lastDecryptedTime"]);
        Assert.Equal("False", c.SopsReady("team-a", "refused")!["status"]!.GetValue<string>());
        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "team-a", "synced")!["status"]!;
        Assert.NotNull(es["refreshTime"]);
        Assert.NotNull(es["syncedResourceVersion"]);
        Assert.Equal("synced", es["binding"]!["name"]!.GetValue<string>());
        Assert.Equal("False", c.ReadyCondition("team-a", "failing")!["status"]!.GetValue<string>());
        Assert.NotNull(c.Server.TryGet(FakeResourceType.ClusterSecretStore, null, "broken")!["status"]!["conditions"]![0]!["message"]);
    }

    [Fact]
    public async Task The_fake_prunes_an_undeclared_status_field_with_a_warning_and_refuses_it_under_strict_validation()
    {
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Store("team-a", "s", FakeProvider(("k", "v")));
        using var http = new HttpClient { BaseAddress = c.Server.BaseAddress };
        const string path = "/apis/external-secrets.io/v1/namespaces/team-a/secretstores/s/status";
        var body = """{"status":{"conditions":[{"type":"Ready","status":"True","bogus":1}]}}""";

        using var warned = await http.PatchAsync(path, Content(body));
        using var strict = await http.PatchAsync(path + "?fieldValidation=Strict", Content(body));

        Assert.True(warned.IsSuccessStatusCode);
        Assert.Contains("299 - \"unknown field \\\"status.conditions[0].bogus\\\"\"", warned.Headers.GetValues("Warning"));
        var stored = c.Server.TryGet(FakeResourceType.SecretStore, "team-a", "s")!["status"]!["conditions"]![0]!.AsObject();
        Assert.False(stored.ContainsKey("bogus"));
        Assert.Equal("True", stored["status"]!.GetValue<string>());
        Assert.Equal(400, (int)strict.StatusCode);
        Assert.Contains("unknown field", await strict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static StringContent Content(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
        return content;
    }
}
