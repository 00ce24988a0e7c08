using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests;

public sealed class CrudTests
{
    [Fact]
    public async Task Create_get_replace_round_trip_assigns_uid_and_bumps_resourceVersion()
    {
        await using var c = await FakeCluster.StartAsync();
        var created = await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        Assert.False(string.IsNullOrEmpty(created.GetUid()));
        Assert.NotNull(created.GetCreationTimestamp());

        var got = await c.Client.GetAsync(ResourceTypes.Secret, "default", "db");
        Assert.Equal(created.GetResourceVersion(), got.GetResourceVersion());
        Assert.Equal("c2VjcmV0", got["data"]!["password"]!.GetValue<string>());

        got["data"]!["password"] = "bmV3";
        var replaced = await c.Client.ReplaceAsync(ResourceTypes.Secret, got);
        Assert.True(long.Parse(replaced.GetResourceVersion()!, CultureInfo.InvariantCulture) > long.Parse(created.GetResourceVersion()!, CultureInfo.InvariantCulture));
        Assert.Equal(created.GetUid(), replaced.GetUid());
        Assert.Equal("bmV3", (await c.Client.GetAsync(ResourceTypes.Secret, null, "db"))["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Replace_with_stale_resourceVersion_throws_conflict()
    {
        await using var c = await FakeCluster.StartAsync();
        var created = await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        var first = (JsonObject)created.DeepClone();
        first.SetLabel("a", "1");
        await c.Client.ReplaceAsync(ResourceTypes.Secret, first);

        var stale = (JsonObject)created.DeepClone();
        stale.SetLabel("a", "2");
        var e = await Assert.ThrowsAsync<KubernetesConflictException>(() => c.Client.ReplaceAsync(ResourceTypes.Secret, stale));
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("1", (await c.Client.GetAsync(ResourceTypes.Secret, null, "db")).GetLabel("a"));
    }

    [Fact]
    public async Task Create_twice_throws_already_exists_not_conflict()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        var e = await Assert.ThrowsAsync<KubernetesAlreadyExistsException>(() => c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db")));
        Assert.Equal("AlreadyExists", e.Reason);
        Assert.Equal("db", e.Status?.Details?.Name);
    }

    [Fact]
    public async Task TryGet_returns_null_and_Get_throws_not_found_for_missing_object()
    {
        await using var c = await FakeCluster.StartAsync();
        Assert.Null(await c.Client.TryGetAsync(ResourceTypes.ExternalSecret, "default", "nope"));
        var e = await Assert.ThrowsAsync<KubernetesNotFoundException>(() => c.Client.GetAsync(ResourceTypes.ExternalSecret, "default", "nope"));
        Assert.Contains("get externalsecrets.external-secrets.io default/nope", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Label_selectors_support_equality_inequality_set_and_existence()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("a", labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" }));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("b", labels: new Dictionary<string, string> { ["app"] = "web", ["tier"] = "back" }));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("c", labels: new Dictionary<string, string> { ["app"] = "db" }));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("d", ns: "other", labels: new Dictionary<string, string> { ["app"] = "web" }));

        async Task<string> Names(string selector, string? ns = "default") =>
            string.Join(",", (await c.Client.ListAsync(ResourceTypes.Secret, ns, new ListOptions { LabelSelector = selector })).Items.Select(i => i.GetName()));

        Assert.Equal("a,b", await Names("app=web"));
        Assert.Equal("a,b,d", await Names("app=web", ns: null));
        Assert.Equal("b,c", await Names("tier!=front"));
        Assert.Equal("a", await Names("tier in (front),app in (web)"));
        Assert.Equal("c", await Names("app in (db),tier notin (back)"));
        Assert.Equal("c", await Names("app notin (web)"));
        Assert.Equal("a,b", await Names("tier"));
        Assert.Equal("c", await Names("!tier"));
        Assert.Equal("b", await Names("app=web,tier=back"));
    }

    [Fact]
    public async Task Field_selector_filters_by_name()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("a"));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("b"));
        var list = await c.Client.ListAsync(ResourceTypes.Secret, "default", new ListOptions { FieldSelector = "metadata.name=b" });
        Assert.Equal(["b"], list.Items.Select(i => i.GetName()));
        var notA = await c.Client.ListAsync(ResourceTypes.Secret, "default", new ListOptions { FieldSelector = "metadata.name!=a" });
        Assert.Equal(["b"], notA.Items.Select(i => i.GetName()));
    }

    [Fact]
    public async Task List_paginates_with_limit_and_continue()
    {
        await using var c = await FakeCluster.StartAsync();
        for (var i = 0; i < 7; i++) await c.Client.CreateAsync(ResourceTypes.ConfigMap, KubeObjectMetadata.New(ResourceTypes.ConfigMap, $"cm-{i}", "default"));

        var first = await c.Client.ListAsync(ResourceTypes.ConfigMap, "default", new ListOptions { Limit = 3 });
        Assert.Equal(3, first.Items.Count);
        Assert.NotNull(first.Continue);
        Assert.Equal(4, first.RemainingItemCount);
        Assert.All(first.Items, i => Assert.Equal("ConfigMap", i.GetKind()));

        var all = new List<string>();
        await foreach (var item in c.Client.ListAllAsync(ResourceTypes.ConfigMap, "default", new ListOptions { Limit = 3 })) all.Add(item.GetName()!);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), all);
        Assert.Equal(3, c.Server.CountRequests("GET", "/api/v1/namespaces/default/configmaps") - 1);
    }

    [Fact]
    public async Task Merge_patch_changes_only_named_fields_and_null_removes()
    {
        await using var c = await FakeCluster.StartAsync();
        var s = FakeCluster.Secret("db", labels: new Dictionary<string, string> { ["keep"] = "yes", ["drop"] = "x" });
        await c.Client.CreateAsync(ResourceTypes.Secret, s);
        var patched = await c.Client.PatchAsync(ResourceTypes.Secret, "default", "db", new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["drop"] = null, ["new"] = "1" } },
        });
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "yes", ["new"] = "1" }, patched.GetLabels());
        Assert.Equal("c2VjcmV0", patched["data"]!["password"]!.GetValue<string>());
        Assert.Equal("application/merge-patch+json", c.Server.Requests.Last(r => r.Method == "PATCH").ContentType);
    }

    [Fact]
    public async Task Json_patch_adds_a_finalizer()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var patched = await c.Client.PatchAsync(ResourceTypes.ExternalSecret, null, "es",
            JsonNode.Parse("""[{"op":"add","path":"/metadata/finalizers","value":["secretskit.io/cleanup"]}]""")!, PatchType.Json);
        Assert.Equal(["secretskit.io/cleanup"], patched.GetFinalizers());
    }

    [Fact]
    public async Task Server_side_apply_creates_then_merges_and_records_the_field_manager()
    {
        await using var c = await FakeCluster.StartAsync();
        var desired = FakeCluster.Secret("db");
        desired.SetLabel("managed-by", "secretskit");
        var created = await c.Client.ApplyAsync(ResourceTypes.Secret, desired, "secretskit-agent");
        Assert.Equal("secretskit", created.GetLabel("managed-by"));

        var other = KubeObjectMetadata.New(ResourceTypes.Secret, "db", "default");
        other.SetAnnotation("team", "payments");
        var merged = await c.Client.ApplyAsync(ResourceTypes.Secret, other, "someone-else");
        Assert.Equal("secretskit", merged.GetLabel("managed-by"));
        Assert.Equal("payments", merged.GetAnnotation("team"));
        var managers = ((JsonArray)merged["metadata"]!["managedFields"]!).Select(m => m!["manager"]!.GetValue<string>()).Order();
        Assert.Equal(["secretskit-agent", "someone-else"], managers);
        Assert.Contains(c.Server.Requests, r => r.ContentType == "application/apply-patch+yaml" && r.Query.Contains("fieldManager=secretskit-agent", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_side_apply_of_a_field_owned_by_another_manager_conflicts_unless_forced()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.ApplyAsync(ResourceTypes.Secret, FakeCluster.Secret("db", value: "b25l"), "first");
        await Assert.ThrowsAsync<KubernetesConflictException>(() =>
            c.Client.ApplyAsync(ResourceTypes.Secret, FakeCluster.Secret("db", value: "dHdv"), "second"));
        var forced = await c.Client.ApplyAsync(ResourceTypes.Secret, FakeCluster.Secret("db", value: "dHdv"), "second", force: true);
        Assert.Equal("dHdv", forced["data"]!["password"]!.GetValue<string>());
    }

    [Fact]
    public async Task Status_subresource_separates_spec_and_status_and_generation_tracks_spec_only()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        Assert.Equal(1, es.GetGeneration());

        es["status"] = new JsonObject { ["refreshTime"] = "2026-01-01T00:00:00Z" };
        var viaStatus = await c.Client.ReplaceStatusAsync(ResourceTypes.ExternalSecret, es);
        Assert.Equal("2026-01-01T00:00:00Z", viaStatus["status"]!["refreshTime"]!.GetValue<string>());
        Assert.Equal(1, viaStatus.GetGeneration());

        // the main endpoint ignores status; the status endpoint ignores spec
        viaStatus["status"] = new JsonObject { ["refreshTime"] = "ignored" };
        viaStatus["spec"]!["refreshInterval"] = "5m";
        var viaMain = await c.Client.ReplaceAsync(ResourceTypes.ExternalSecret, viaStatus);
        Assert.Equal("2026-01-01T00:00:00Z", viaMain["status"]!["refreshTime"]!.GetValue<string>());
        Assert.Equal(2, viaMain.GetGeneration());

        var patched = await c.Client.PatchStatusAsync(ResourceTypes.ExternalSecret, null, "es", new JsonObject
        {
            ["spec"] = new JsonObject { ["refreshInterval"] = "ignored" },
            ["status"] = new JsonObject { ["syncedResourceVersion"] = "1-abc" },
        });
        Assert.Equal("5m", patched["spec"]!["refreshInterval"]!.GetValue<string>());
        Assert.Equal("1-abc", patched["status"]!["syncedResourceVersion"]!.GetValue<string>());
        Assert.Equal(2, patched.GetGeneration());
        Assert.Equal("1-abc", (await c.Client.GetStatusAsync(ResourceTypes.ExternalSecret, null, "es"))["status"]!["syncedResourceVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_scoped_store_is_addressed_without_namespace()
    {
        await using var c = await FakeCluster.StartAsync();
        var css = KubeObjectMetadata.New(ResourceTypes.ClusterSecretStore, "global");
        css["spec"] = new JsonObject { ["controller"] = "secretskit" };
        await c.Client.CreateAsync(ResourceTypes.ClusterSecretStore, css);
        var got = await c.Client.GetAsync(ResourceTypes.ClusterSecretStore, null, "global");
        Assert.Null(got.GetNamespace());
        Assert.Contains(c.Server.Requests, r => r.Path == "/apis/external-secrets.io/v1/clustersecretstores/global");
    }

    [Fact]
    public async Task Delete_with_finalizer_sets_deletionTimestamp_until_the_finalizer_is_removed()
    {
        await using var c = await FakeCluster.StartAsync();
        var es = FakeCluster.ExternalSecret("es");
        es.AddFinalizer("secretskit.io/cleanup");
        await c.Client.CreateAsync(ResourceTypes.ExternalSecret, es);

        var deleting = await c.Client.DeleteAsync(ResourceTypes.ExternalSecret, null, "es");
        Assert.True(deleting.IsBeingDeleted());
        var still = await c.Client.GetAsync(ResourceTypes.ExternalSecret, null, "es");
        Assert.NotNull(still.GetDeletionTimestamp());

        still.RemoveFinalizer("secretskit.io/cleanup");
        await c.Client.ReplaceAsync(ResourceTypes.ExternalSecret, still);
        Assert.Null(await c.Client.TryGetAsync(ResourceTypes.ExternalSecret, null, "es"));
    }

    [Fact]
    public async Task Delete_precondition_on_stale_resourceVersion_conflicts()
    {
        await using var c = await FakeCluster.StartAsync();
        var created = await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        await c.Client.PatchAsync(ResourceTypes.Secret, null, "db", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["x"] = "y" } } });
        await Assert.ThrowsAsync<KubernetesConflictException>(() => c.Client.DeleteAsync(ResourceTypes.Secret, null, "db",
            new DeleteOptions { PreconditionResourceVersion = created.GetResourceVersion() }));
        await c.Client.DeleteAsync(ResourceTypes.Secret, null, "db", new DeleteOptions { PreconditionUid = created.GetUid() });
        Assert.Null(await c.Client.TryGetAsync(ResourceTypes.Secret, null, "db"));
    }

    [Fact]
    public async Task Deleting_an_owner_garbage_collects_dependents_but_orphan_keeps_them()
    {
        await using var c = await FakeCluster.StartAsync();
        var owner = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es"));
        var dependent = FakeCluster.Secret("db-creds");
        dependent.SetOwnerReference(owner.ToOwnerReference());
        await c.Client.CreateAsync(ResourceTypes.Secret, dependent);

        await c.Client.DeleteAsync(ResourceTypes.ExternalSecret, null, "es", new DeleteOptions { PropagationPolicy = "Background" });
        Assert.Null(await c.Client.TryGetAsync(ResourceTypes.Secret, null, "db-creds"));

        var owner2 = await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es2"));
        var kept = FakeCluster.Secret("kept");
        kept.SetOwnerReference(owner2.ToOwnerReference());
        await c.Client.CreateAsync(ResourceTypes.Secret, kept);
        await c.Client.DeleteAsync(ResourceTypes.ExternalSecret, null, "es2", new DeleteOptions { PropagationPolicy = "Orphan" });
        var orphan = await c.Client.GetAsync(ResourceTypes.Secret, null, "kept");
        Assert.Empty(orphan.GetOwnerReferences());
    }

    [Fact]
    public async Task Rollout_restart_patches_the_pod_template_annotation_and_bumps_generation()
    {
        await using var c = await FakeCluster.StartAsync();
        var d = KubeObjectMetadata.New(ResourceTypes.Deployment, "web", "default");
        d["spec"] = JsonNode.Parse("""{"replicas":1,"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}""");
        await c.Client.CreateAsync(ResourceTypes.Deployment, d);
        var restarted = await c.Client.RolloutRestartAsync(ResourceTypes.Deployment, null, "web", new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal("2026-11-21T12:00:00Z", restarted["spec"]!["template"]!["metadata"]!["annotations"]![WorkloadRestart.RestartedAtAnnotation]!.GetValue<string>());
        Assert.Equal("web", restarted["spec"]!["template"]!["metadata"]!["labels"]!["app"]!.GetValue<string>());
        Assert.Equal(2, restarted.GetGeneration());
    }
}
