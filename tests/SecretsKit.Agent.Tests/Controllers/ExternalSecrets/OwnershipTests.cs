using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>Who may write and delete a target Secret: ESO's ownership rules for every creationPolicy.</summary>
public sealed class OwnershipTests
{
    private static JsonObject Target(string name, string creation, string? deletion = null)
    {
        var target = new JsonObject { ["name"] = name, ["creationPolicy"] = creation };
        if (deletion is not null) target["deletionPolicy"] = deletion;
        return target;
    }

    [Theory]
    [InlineData("Merge")]
    [InlineData("Orphan")]
    [InlineData("Owner")]
    public async Task A_secret_owned_by_another_external_secret_is_refused_under_every_creation_policy(string policy)
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "owner-value"), ("other", "intruder-value")));
        c.ExternalSecret("default", "owner", Spec("store", target: Target("shared", "Owner"), data: [("k", "k", null)]));
        await c.PassAsync();
        Assert.Equal("owner-value", c.Value("default", "shared", "k"));

        c.ExternalSecret("default", "intruder", Spec("store", target: Target("shared", policy), data: [("k", "other", null)]));
        await c.PassAsync();

        Assert.Equal("owner-value", c.Value("default", "shared", "k"));
        Assert.Equal("False", c.ReadyStatus("default", "intruder"));
        Assert.Contains("is owned by ExternalSecret owner", c.ReadyMessage("default", "intruder"), StringComparison.Ordinal);
        Assert.Equal("True", c.ReadyStatus("default", "owner"));
    }

    [Fact]
    public async Task Orphan_with_deletion_policy_delete_never_deletes_a_secret_controlled_by_another_object()
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "owner", Spec("store", target: Target("shared", "Owner"), data: [("k", "k", null)]));
        await c.PassAsync();
        Assert.Equal("v", c.Value("default", "shared", "k"));

        c.ExternalSecret("default", "deleter", Spec("store", target: Target("shared", "Orphan", "Delete"), data: [("k", "missing-key", null)]));
        await c.PassAsync();

        Assert.Equal("v", c.Value("default", "shared", "k"));
        Assert.Equal(0, c.Server.CountRequests("DELETE", "/secrets/shared"));
        Assert.Equal("False", c.ReadyStatus("default", "deleter"));
        Assert.Contains("not controlled by this ExternalSecret", c.ReadyMessage("default", "deleter"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Owner_with_deletion_policy_delete_still_deletes_its_own_secret()
    {
        await using var c = await StartAsync();
        c.Store("default", "store", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("store", target: Target("mine", "Owner", "Delete"), data: [("k", "k", null)]));
        await c.PassAsync();
        Assert.Equal("v", c.Value("default", "mine", "k"));

        var es = c.Server.TryGet(FakeResourceType.ExternalSecret, "default", "es")!;
        es["spec"]!["data"]![0]!["remoteRef"]!["key"] = "gone";
        c.Server.Replace(FakeResourceType.ExternalSecret, "default", "es", es);
        await c.PassAsync();

        Assert.Null(c.TargetSecret("default", "mine"));
        Assert.Equal("SecretDeleted", c.ReadyCondition("default", "es")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_secret_rewritten_by_another_external_secret_is_repaired_by_its_writer_even_when_its_hash_matches()
    {
        await using var c = await StartAsync(Watching());
        c.Store("default", "store", FakeProvider(("k", "v")));
        c.ExternalSecret("default", "es", Spec("store", target: Target("shared", "Orphan"), data: [("k", "k", null)]));
        await using var running = await c.WatchAsync();
        await Poll.UntilAsync(() => c.Value("default", "shared", "k") == "v", "initial sync");

        // what another ExternalSecret's write looks like: other data, with a data-hash that matches it
        var secret = c.TargetSecret("default", "shared")!;
        var forged = new DesiredSecret("Opaque", new Dictionary<string, string>(), new Dictionary<string, string>(),
            new Dictionary<string, byte[]> { ["k"] = "forged"u8.ToArray() });
        secret["data"] = new JsonObject { ["k"] = Convert.ToBase64String("forged"u8.ToArray()) };
        secret["metadata"]!["annotations"]![ExternalSecretReconciler.DataHashAnnotation] =
            ExternalSecretReconciler.Hash(forged);
        secret["metadata"]!["annotations"]!["secretskit.io/written-by"] = "uid-of-another-es";
        c.Server.Replace(FakeResourceType.Secret, "default", "shared", secret);

        await Poll.UntilAsync(() => c.Value("default", "shared", "k") == "v", "the writer repairs the foreign write");
    }
}
