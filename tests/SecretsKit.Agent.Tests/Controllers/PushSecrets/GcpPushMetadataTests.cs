using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret <c>metadata</c> on GCP Secret Manager, through the agent and the Kubernetes API fake (the chart's CRDs) to
/// the Secret Manager fake: what ESO v2.9's gcpsm provider sets on creation and on later pushes, and what is refused.
/// </summary>
public sealed class GcpPushMetadataTests
{
    private static async Task<AgentCluster> ClusterAsync(FakeGcpSecretManagerServer gcp, string? location = null)
    {
        var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = PushStores.FastRetry, AwsEndpoints = new Dictionary<string, Uri> { ["gcpsm"] = gcp.BaseAddress },
            Gcp = new GcpEndpoints { OAuth2Token = gcp.TokenUri },
        });
        c.Secret("default", "gcp-sa", new Dictionary<string, string> { ["key.json"] = gcp.CreateServiceAccount() });
        var gcpsm = new JsonObject
        {
            ["projectID"] = gcp.Project,
            ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = PushStores.Ref("gcp-sa", "key.json") } },
        };
        if (location is not null) gcpsm["location"] = location;
        c.Store("default", "gcp", new JsonObject { ["gcpsm"] = gcpsm });
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["token"] = "tok-1" });
        return c;
    }

    private static void Push(AgentCluster c, string dataYaml) => PushMetadataYaml.Create(c, "gcp", dataYaml);

    private static string Entry(string remoteKey, string specYaml, string? property = null) => PushMetadataYaml.Entry(remoteKey, specYaml, property);

    [Fact]
    public async Task Labels_annotations_topics_replication_locations_and_cmek_key_land_on_the_created_secret()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await ClusterAsync(gcp);
        const string key = "projects/secretskit-prod/locations/us-east1/keyRings/ring/cryptoKeys/push";
        Push(c, Entry("app-token", $$"""
                    labels: {team: payments, tier: "1"}
                    annotations: {contact.example.com: ops}
                    topics: [projects/secretskit-prod/topics/rotations]
                    replicationLocations: [us-east1, europe-west1]
                    cmekKeyName: {{key}}

            """) + Entry("cmek-only", $"        cmekKeyName: {key}\n"));

        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        var secret = gcp.Find("app-token")!;
        Assert.Equal("tok-1", gcp.Latest("app-token"));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "payments", ["tier"] = "1", ["managed-by"] = "secretskit" }, secret.Labels);
        Assert.Equal(new Dictionary<string, string> { ["contact.example.com"] = "ops" }, secret.Annotations);
        Assert.Equal(["projects/secretskit-prod/topics/rotations"], secret.Topics);
        Assert.Equal(
            $$$"""{"userManaged":{"replicas":[{"location":"us-east1","customerManagedEncryption":{"kmsKeyName":"{{{key}}}"}},{"location":"europe-west1","customerManagedEncryption":{"kmsKeyName":"{{{key}}}"}}]}}""",
            secret.Replication!.ToJsonString());
        // a CMEK key alone keeps automatic replication, with the key (ESO's buildReplication)
        Assert.Equal("""{"automatic":{"customerManagedEncryption":{"kmsKeyName":""" + $"\"{key}\"" + "}}}", gcp.Find("cmek-only")!.Replication!.ToJsonString());
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit" }, gcp.Find("cmek-only")!.Labels);
    }

    [Fact]
    public async Task An_update_replaces_labels_by_default_keeps_existing_labels_over_the_metadata_with_Merge_and_always_replaces_annotations()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        var existing = new Dictionary<string, string> { ["managed-by"] = "secretskit", ["team"] = "old", ["cost-center"] = "42" };
        gcp.AddVersion("replaced", "tok-0", existing);
        gcp.AddVersion("merged", "tok-0", existing);
        gcp.Find("merged")!.Annotations["stale"] = "x";
        await using var c = await ClusterAsync(gcp);
        Push(c, Entry("replaced", "        labels: {team: new}\n")
            + Entry("merged", "        mergePolicy: Merge\n        labels: {team: new, env: prod}\n        annotations: {rotated: yes}\n"));

        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["team"] = "new", ["managed-by"] = "secretskit" }, gcp.Find("replaced")!.Labels);
        // Merge: ESO copies the secret's labels over the metadata's, so an existing label wins
        Assert.Equal(new Dictionary<string, string> { ["team"] = "old", ["cost-center"] = "42", ["env"] = "prod", ["managed-by"] = "secretskit" },
            gcp.Find("merged")!.Labels);
        Assert.Equal(new Dictionary<string, string> { ["rotated"] = "yes" }, gcp.Find("merged")!.Annotations);
        Assert.Equal("tok-1", gcp.Latest("merged"));
        Assert.Equal(2, gcp.CountCalls("update"));

        await c.PassAsync(); // nothing changed: no label update and no new version
        Assert.Equal(2, gcp.CountCalls("update"));
        Assert.Equal(2, gcp.Find("merged")!.Versions.Count);
    }

    [Fact]
    public async Task A_property_push_keeps_the_labels_and_a_push_without_metadata_replaces_them_with_only_managed_by_as_ESO()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        var existing = new Dictionary<string, string> { ["managed-by"] = "secretskit", ["team"] = "old" };
        gcp.AddVersion("whole", "tok-0", existing);
        gcp.AddVersion("json", "{}", existing);
        await using var c = await ClusterAsync(gcp);
        Push(c, "  - match: {secretKey: token, remoteRef: {remoteKey: whole}}\n  - match: {secretKey: token, remoteRef: {remoteKey: json, property: token}}\n");

        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit" }, gcp.Find("whole")!.Labels);
        Assert.Equal(existing, gcp.Find("json")!.Labels);
        Assert.Equal("""{"token":"tok-1"}""", gcp.Latest("json"));
    }

    [Theory]
    [InlineData("        labels: {managed-by: someone}\n", null, "spec.labels may not set 'managed-by'")]
    [InlineData("        expiry: 1h\n", null, "unknown field \"spec.expiry\"")]
    [InlineData("        labels: {Team: x}\n", null, "spec.labels key \"Team\" is not a Secret Manager label key")]
    [InlineData("        labels: {team: Payments}\n", null, "spec.labels.team is not a Secret Manager label value")]
    [InlineData("        annotations: {-bad: x}\n", null, "spec.annotations key \"-bad\" is not a Secret Manager annotation key")]
    [InlineData("        topics: [rotations]\n", null, "spec.topics[0] is not a Pub/Sub topic name")]
    [InlineData("        mergePolicy: Append\n", null, "spec.mergePolicy must be Replace or Merge")]
    [InlineData("        cmekKeyName: my-key\n", null, "spec.cmekKeyName is not a Cloud KMS key name")]
    [InlineData("        replicationLocations: [us-east1, us-east1]\n", null, "names a location twice")]
    [InlineData("        labels: {team: x}\n", "token", "cannot specify metadata and property at the same time")]
    public async Task Hostile_metadata_is_refused_in_the_condition_before_any_write(string specYaml, string? property, string message)
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await ClusterAsync(gcp);
        Push(c, Entry("refused", specYaml, property));

        await c.PassAsync();

        PushMetadataYaml.AssertRefused(c, message);
        Assert.Contains("gcpsm: ", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Null(gcp.Find("refused"));
        Assert.DoesNotContain(gcp.Calls, call => call.Operation is "create" or "update" or "addVersion");
    }

    [Fact]
    public async Task Sixty_four_metadata_labels_are_refused_since_managed_by_takes_the_last_of_Secret_Managers_64()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await ClusterAsync(gcp);
        Push(c, Entry("crowded", "        labels: {" + string.Join(", ", Enumerable.Range(0, 64).Select(i => $"l{i}: v")) + "}\n"));

        await c.PassAsync();

        Assert.Contains("spec.labels has more than 63 labels", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Null(gcp.Find("crowded"));
    }

    [Fact]
    public async Task A_regional_store_puts_the_cmek_key_on_the_secret_itself_and_refuses_replication_locations()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var c = await ClusterAsync(gcp, "us-east1");
        const string key = "projects/secretskit-prod/locations/us-east1/keyRings/ring/cryptoKeys/push";
        Push(c, Entry("regional", $"        cmekKeyName: {key}\n        labels: {{team: payments}}\n"));

        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        var secret = gcp.Find("regional", "us-east1")!;
        Assert.Equal(key, secret.KmsKeyName);
        Assert.Null(secret.Replication);
        Assert.Equal("payments", secret.Labels["team"]);

        var ps = PushSecretYaml.Stored(c);
        ps["spec"]!["data"]![0]!["match"]!["remoteRef"]!["remoteKey"] = "elsewhere";
        ps["spec"]!["data"]![0]!["metadata"]!["spec"] = new JsonObject { ["replicationLocation"] = "europe-west1" };
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", ps);
        await c.PassAsync();

        Assert.Contains("spec.replicationLocations does not apply to a regional store", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Null(gcp.Find("elsewhere", "us-east1"));
    }

    [Fact]
    public async Task Merge_past_Secret_Managers_64_labels_is_refused_by_the_API_and_no_version_is_added()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        var existing = Enumerable.Range(0, 60).ToDictionary(i => $"old{i}", _ => "v");
        existing["managed-by"] = "secretskit";
        gcp.AddVersion("crowded", "tok-0", existing);
        await using var c = await ClusterAsync(gcp);
        Push(c, Entry("crowded", "        mergePolicy: Merge\n        labels: {" + string.Join(", ", Enumerable.Range(0, 10).Select(i => $"new{i}: v")) + "}\n"));

        await c.PassAsync();

        // each side fits, the merge (71 labels) does not: Secret Manager refuses the update, which comes before the value, as in ESO
        Assert.Contains("gcpsm: updating the labels of secret 'crowded' failed: HTTP 400 INVALID_ARGUMENT", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal(61, gcp.Find("crowded")!.Labels.Count);
        Assert.Equal("tok-0", gcp.Latest("crowded"));
    }
}
