using System.Collections.Concurrent;
using System.Net;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Fake;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.Stores;

/// <summary>
/// <c>--enable-cluster-store-reconciler=false</c>: a namespace-scoped agent without a ClusterRole. The fake API answers
/// every ClusterSecretStore request with 403, as a real API server does for such an agent.
/// </summary>
public sealed class ClusterStoreReconcilerTests
{
    private static readonly AgentOptions ScopedWithoutClusterStores = new() { Namespace = "team-a", ClusterStoreReconciler = false };

    /// <summary>Two stores (a SecretStore in team-a and a ClusterSecretStore) and one ExternalSecret on each.</summary>
    private static void Seed(AgentCluster c)
    {
        c.Namespace("team-a");
        c.Store("team-a", "local", FakeProvider(("k", "v-local")));
        c.Store(null, "shared", FakeProvider(("k", "v-shared")));
        c.ExternalSecret("team-a", "via-local", Spec("local", data: [("k", "k", null)]));
        c.ExternalSecret("team-a", "via-cluster", Spec("shared", "ClusterSecretStore", data: [("k", "k", null)]));
    }

    private static void ForbidClusterStores(AgentCluster c) => c.Server.InjectFault("/clustersecretstores", 403, int.MaxValue);

    /// <summary>Requests for the cluster-scoped objects the agent must not touch: ClusterSecretStores and Namespace objects.</summary>
    private static List<string> ClusterScopedReads(AgentCluster c) =>
    [
        .. c.Server.Requests
            .Where(r => r.Path.Contains("/clustersecretstores", StringComparison.Ordinal)
                || r.Path.TrimEnd('/').Split('/', StringSplitOptions.RemoveEmptyEntries) is ["api", "v1", "namespaces"] or ["api", "v1", "namespaces", _])
            .Select(r => $"{r.Method} {r.Path}{r.Query} -> {r.StatusCode}"),
    ];

    private static string Message(AgentCluster c, string ns, string name) => c.ReadyCondition(ns, name)?["message"]?.GetValue<string>() ?? "";

    [Fact]
    public async Task Watching_with_cluster_stores_off_syncs_namespaced_stores_and_never_requests_cluster_stores_or_namespaces()
    {
        await using var c = await StartAsync(Watching(ScopedWithoutClusterStores));
        Seed(c);
        ForbidClusterStores(c);
        var errors = new ConcurrentQueue<string>();
        c.Controller.OnError = (what, e) => errors.Enqueue($"{what}: {e.Message}");
        await using var running = await c.WatchAsync();

        await Poll.UntilAsync(() => c.Value("team-a", "via-local", "k") == "v-local", "the SecretStore-backed ExternalSecret is synced");
        await Poll.UntilAsync(() => c.ReadyStatus("team-a", "via-cluster") == "False", "the ClusterSecretStore-backed ExternalSecret reports its failure");
        await Poll.UntilAsync(() => c.ReadyCondition("team-a", "local", "secretstores") is not null, "the SecretStore's Ready condition is written");
        await Poll.UntilAsync(() => c.Session.Queue.Count == 0, "the queue is idle");

        Assert.Empty(ClusterScopedReads(c));
        Assert.Empty(errors);
        Assert.Equal("True", c.ReadyCondition("team-a", "local", "secretstores")!["status"]!.GetValue<string>());
        Assert.Null(c.Server.TryGet(FakeResourceType.ClusterSecretStore, null, "shared")!["status"]);
        Assert.Null(c.TargetSecret("team-a", "via-cluster"));
        Assert.Equal(1, c.Providers.FakeCalls.Total);
    }

    [Fact]
    public async Task External_secret_on_a_cluster_store_fails_through_the_normal_status_and_event_naming_the_store_and_the_flag()
    {
        await using var c = await StartAsync(ScopedWithoutClusterStores);
        Seed(c);
        ForbidClusterStores(c);

        await c.PassAsync();

        var condition = c.ReadyCondition("team-a", "via-cluster")!;
        Assert.Equal("False", condition["status"]!.GetValue<string>());
        Assert.Equal(Messages.SecretSyncedError, condition["reason"]!.GetValue<string>());
        var message = Message(c, "team-a", "via-cluster");
        Assert.Contains("ClusterSecretStore shared", message, StringComparison.Ordinal);
        Assert.Contains("--enable-cluster-store-reconciler=false", message, StringComparison.Ordinal);
        Assert.Contains(c.Server.All(FakeResourceType.CoreEvent), e =>
            e["type"]?.GetValue<string>() == "Warning"
            && e["reason"]?.GetValue<string>() == Messages.SecretSyncedError
            && e["involvedObject"]?["name"]?.GetValue<string>() == "via-cluster"
            && e["message"]?.GetValue<string>() == message);
        Assert.Equal("v-local", c.Value("team-a", "via-local", "k"));
        Assert.Empty(ClusterScopedReads(c));
    }

    [Fact]
    public async Task Default_agent_reads_cluster_stores_so_the_same_403_fails_its_pass()
    {
        await using var c = await StartAsync(new AgentOptions { Namespace = "team-a" });
        Seed(c);
        ForbidClusterStores(c);

        var e = await Assert.ThrowsAnyAsync<KubernetesApiException>(c.PassAsync);

        Assert.Equal(HttpStatusCode.Forbidden, e.StatusCode);
        Assert.NotEmpty(ClusterScopedReads(c));
    }

    [Fact]
    public async Task Default_agent_still_serves_cluster_stores()
    {
        await using var c = await StartAsync(new AgentOptions { Namespace = "team-a" });
        Seed(c);

        await c.PassAsync();

        Assert.Equal("v-shared", c.Value("team-a", "via-cluster", "k"));
        Assert.Equal("v-local", c.Value("team-a", "via-local", "k"));
    }
}
