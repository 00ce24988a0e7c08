using System.Text.Json.Nodes;
using SecretsKit.Cloud.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Controllers.ExternalSecrets;

/// <summary>
/// <c>creationPolicy: CreateOrMerge</c> as ESO's docs/guides/ownership-deletion-policy.md describes it: creates a
/// missing Secret (without an ownerReference, like Orphan), merges into an existing one keeping the keys of others
/// (like Merge), and recreates a deleted target.
/// </summary>
public sealed class CreateOrMergeTests
{
    private static JsonObject CreateOrMergeSpec() => Spec("fake", target: new JsonObject { ["name"] = "app", ["creationPolicy"] = "CreateOrMerge" }, data: [("k", "k", null)]);

    [Fact]
    public async Task Missing_target_is_created_without_an_owner_reference_and_recreated_after_deletion()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        c.ExternalSecret("default", "es", CreateOrMergeSpec());

        await c.PassAsync();

        var secret = c.TargetSecret("default", "app")!;
        Assert.True(c.ReadyStatus("default", "es") == "True", c.ReadyMessage("default", "es"));
        Assert.Equal("v1", c.Value("default", "app", "k"));
        Assert.Null(secret["metadata"]!["ownerReferences"]);
        Assert.Equal("true", secret["metadata"]!["labels"]!["reconcile.external-secrets.io/managed"]!.GetValue<string>());

        c.Server.Delete(FakeResourceType.Secret, "default", "app");
        await c.PassAsync();

        Assert.Equal("v1", c.Value("default", "app", "k"));
    }

    [Fact]
    public async Task Existing_target_gets_the_provider_keys_merged_in_and_keeps_the_keys_of_others()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        c.Secret("default", "app", new Dictionary<string, string> { ["theirs"] = "kept", ["k"] = "old" });
        c.ExternalSecret("default", "es", CreateOrMergeSpec());

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "es") == "True", c.ReadyMessage("default", "es"));
        Assert.Equal("v1", c.Value("default", "app", "k"));
        Assert.Equal("kept", c.Value("default", "app", "theirs"));
        Assert.Null(c.TargetSecret("default", "app")!["metadata"]!["ownerReferences"]);
    }

    [Fact]
    public async Task Plain_merge_still_refuses_to_create_a_missing_target()
    {
        await using var c = await StartAsync();
        c.Store("default", "fake", FakeProvider(("k", "v1")));
        c.ExternalSecret("default", "es", Spec("fake", target: new JsonObject { ["name"] = "app", ["creationPolicy"] = "Merge" }, data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "es"));
        Assert.Null(c.TargetSecret("default", "app"));
    }
}
