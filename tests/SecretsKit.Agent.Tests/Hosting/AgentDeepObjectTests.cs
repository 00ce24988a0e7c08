using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// One tenant's ExternalSecret nested deeper than the API client reads whole (a field the CRD leaves open, as the API server
/// accepts it), given to the real agent process through the fake API server's list and watch: that object alone ends in
/// Ready=False with an Event, and every other ExternalSecret, before and after it, still syncs.
/// </summary>
public sealed class AgentDeepObjectTests
{
    /// <summary><c>{"a":{"a":…{"a":"x"}}}</c>, <paramref name="levels"/> objects deep.</summary>
    internal static JsonObject Nested(int levels)
    {
        var node = new JsonObject { ["a"] = "x" };
        for (var i = 1; i < levels; i++) node = new JsonObject { ["a"] = node };
        return node;
    }

    private static void DeepExternalSecret(FakeKubeApiServer server, string ns, string name, int levels)
    {
        // target.template is a field the chart's CRD leaves open (x-kubernetes-preserve-unknown-fields)
        var spec = AgentCluster.Spec("fake", target: new JsonObject { ["template"] = Nested(levels) }, data: [("k", "k", null)]);
        server.Create(FakeResourceType.ExternalSecret, ns, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["spec"] = spec,
        });
    }

    private static void ExternalSecret(FakeKubeApiServer server, string name) =>
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("fake", data: [("k", "k", null)]),
        });

    private static JsonObject? Ready(FakeKubeApiServer server, string ns, string name) =>
        server.TryGet(FakeResourceType.ExternalSecret, ns, name)?["status"]?["conditions"]?[0] as JsonObject;

    private static bool HasEvent(FakeKubeApiServer server, string ns, string name, string text) =>
        server.All(FakeResourceType.CoreEvent).Any(e => e["involvedObject"]?["namespace"]?.GetValue<string>() == ns
            && e["involvedObject"]?["name"]?.GetValue<string>() == name && e["message"]?.GetValue<string>().Contains(text, StringComparison.Ordinal) == true);

    [Fact]
    public async Task A_63_and_a_5000_level_external_secret_fail_alone_with_a_condition_and_an_event_while_list_and_watch_keep_syncing_the_others()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        // 63 levels: the object, spec, target and 60 below template, one past what the client reads whole
        DeepExternalSecret(server, "tenant-a", "deep-listed", 60);
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path), ["POD_NAME"] = "agent-a" };
        await using var agent = AgentProcess.Start(home.Path, env, "--lease-namespace", "default");

        // the list: the deep object is reported, the others sync
        await Poll.UntilAsync(() => server.TryGet(FakeResourceType.Secret, "default", "es") is not null, "the listed ExternalSecret syncs");
        await Poll.UntilAsync(() => Ready(server, "tenant-a", "deep-listed") is not null, "the deep listed ExternalSecret gets a condition");
        var listed = Ready(server, "tenant-a", "deep-listed")!;
        Assert.Equal("False", listed["status"]!.GetValue<string>());
        const string Message = "the agent cannot read this ExternalSecret: spec.target nests deeper than 62 levels";
        Assert.Equal(Message, listed["message"]!.GetValue<string>());
        await Poll.UntilAsync(() => HasEvent(server, "tenant-a", "deep-listed", Message), "an Event names the deep ExternalSecret");

        // the watch: a deep object arriving, then a valid one after it
        DeepExternalSecret(server, "tenant-b", "deep-watched", 5000);
        ExternalSecret(server, "after");
        await Poll.UntilAsync(() => server.TryGet(FakeResourceType.Secret, "default", "after") is not null, "an ExternalSecret created after the deep one syncs");
        await Poll.UntilAsync(() => Ready(server, "tenant-b", "deep-watched")?["message"]?.GetValue<string>() == Message, "the watched deep ExternalSecret gets its condition");
        Assert.Null(server.TryGet(FakeResourceType.Secret, "tenant-b", "deep-watched"));
        Assert.False(agent.HasExited, agent.Stderr);
        Assert.DoesNotContain("InvalidWatchEvent", agent.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("not a JSON object", agent.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_external_secret_of_exactly_62_levels_is_read_whole()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        DeepExternalSecret(server, "default", "deep-ok", 59);
        var env = new Dictionary<string, string?> { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) };

        var (code, stdout, stderr) = await AgentProcess.RunAsync(home.Path, env, "--once");

        // read whole: the agent sees the field itself (which no schema has), not a stub
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("spec.target.template: unknown field 'a'", Ready(server, "default", "deep-ok")!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(server.TryGet(FakeResourceType.Secret, "default", "es"));
    }
}
