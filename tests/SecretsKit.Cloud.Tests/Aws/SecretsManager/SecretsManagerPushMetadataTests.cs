using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Aws.Stores.SecretsManager;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Aws.SecretsManager;

namespace SecretsKit.Cloud.Tests.Aws.SecretsManager;

/// <summary>A PushSecret entry's <c>metadata</c> written to Secrets Manager as ESO v2.9 writes it, against the strict fake.</summary>
public sealed class SecretsManagerPushMetadataTests
{
    private static JsonNode Metadata(string spec) =>
        JsonNode.Parse($$"""{"apiVersion":"kubernetes.external-secrets.io/v1alpha1","kind":"PushSecretMetadata","spec":{{spec}}}""")!;

    private static PushRef Ref(string key, string? spec = null) => new(key) { Metadata = spec is null ? null : Metadata(spec) };

    [Fact]
    public async Task Without_metadata_a_new_secret_is_binary_with_ESO_defaults_and_the_marker()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        await store.SetSecretAsync(Ref("app/db"), Encoding.UTF8.GetBytes("s3cr3t"));

        Assert.Equal("s3cr3t", aws.Current("app/db"));
        Assert.True(aws.CurrentIsBinary("app/db"));
        Assert.Equal(("secret 'managed-by:secretskit'", "alias/aws/secretsmanager"), aws.AttributesOf("app/db"));
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit" }, aws.TagsOf("app/db"));
        Assert.Equal("00000000-0000-0000-0000-000000000001", aws.VersionIds("app/db").Single());
    }

    [Fact]
    public async Task Every_metadata_field_lands_on_the_created_secret()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync("us-east-1");
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        await store.SetSecretAsync(Ref("app/db", """
            {"secretPushFormat":"string","description":"the db","kmsKeyId":"alias/team-key",
             "tags":{"team":"payments","env":"prod"},"replicationLocations":["eu-west-1","us-west-2"]}
            """), Encoding.UTF8.GetBytes("s3cr3t"));

        Assert.Equal("s3cr3t", aws.Current("app/db"));
        Assert.False(aws.CurrentIsBinary("app/db"));
        Assert.Equal(("the db", "alias/team-key"), aws.AttributesOf("app/db"));
        Assert.Equal(new Dictionary<string, string> { ["env"] = "prod", ["managed-by"] = "secretskit", ["team"] = "payments" }, aws.TagsOf("app/db"));
        Assert.Equal(new Dictionary<string, string?> { ["eu-west-1"] = "alias/team-key", ["us-west-2"] = "alias/team-key" }, aws.ReplicasOf("app/db"));
    }

    [Fact]
    public async Task A_change_of_tags_removes_adds_and_changes_them_and_keeps_the_marker()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));
        await store.SetSecretAsync(Ref("app", """{"tags":{"team":"a","old":"x"}}"""), Encoding.UTF8.GetBytes("v"));

        await store.SetSecretAsync(Ref("app", """{"tags":{"team":"b","new":"y"}}"""), Encoding.UTF8.GetBytes("v"));

        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit", ["new"] = "y", ["team"] = "b" }, aws.TagsOf("app"));
        Assert.Equal(1, aws.CallCount("UntagResource"));
        Assert.Equal(1, aws.CallCount("TagResource"));
        Assert.Equal(0, aws.CallCount("PutSecretValue")); // same value: no new version
        await store.SetSecretAsync(Ref("app", """{"tags":{"team":"b","new":"y"}}"""), Encoding.UTF8.GetBytes("v"));
        Assert.Equal(1, aws.CallCount("TagResource")); // already in step: no call
    }

    [Fact]
    public async Task Replica_regions_follow_the_metadata_and_are_removed_before_a_delete()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));
        await store.SetSecretAsync(Ref("app", """{"replicationLocations":["eu-west-1"]}"""), Encoding.UTF8.GetBytes("v"));

        await store.SetSecretAsync(Ref("app", """{"replicationLocations":["eu-central-1"]}"""), Encoding.UTF8.GetBytes("v"));

        // the secret was created with the default key, which DescribeSecret leaves out: the new replica gets the region's own
        Assert.Equal(new Dictionary<string, string?> { ["eu-central-1"] = null }, aws.ReplicasOf("app"));
        await store.DeleteSecretAsync(Ref("app"));
        Assert.True(aws.IsDeleted("app"));
    }

    [Fact]
    public async Task An_update_writes_the_value_in_the_format_the_metadata_names()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));
        await store.SetSecretAsync(Ref("app"), Encoding.UTF8.GetBytes("v1"));

        await store.SetSecretAsync(Ref("app", """{"secretPushFormat":"string"}"""), Encoding.UTF8.GetBytes("v2"));

        Assert.Equal("v2", aws.Current("app"));
        Assert.False(aws.CurrentIsBinary("app"));
        Assert.Equal(2, aws.VersionIds("app").Distinct().Count());
    }

    [Theory]
    [InlineData("""{"tagz":{"a":"b"}}""", "unknown field \"spec.tagz\"")]
    [InlineData("""{"tags":{"managed-by":"someone"}}""", "may not set 'managed-by'")]
    [InlineData("""{"secretPushFormat":"yaml"}""", "invalid secret push format")]
    [InlineData("""{"resourcePolicy":{"policySourceRef":{"kind":"ConfigMap","name":"p","key":"k","extra":1}}}""", "unknown field \"spec.resourcePolicy.policySourceRef.extra\"")]
    [InlineData("""{"replicationLocations":"eu-west-1"}""", "spec.replicationLocations is not a list")]
    public async Task Hostile_metadata_is_refused_before_any_write(string spec, string message)
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => store.SetSecretAsync(Ref("app", spec), Encoding.UTF8.GetBytes("v")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task A_huge_tag_map_is_refused_before_any_write()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));
        var tags = new JsonObject();
        for (var i = 0; i < 1000; i++) tags["k" + i] = "v";

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => store.SetSecretAsync(Ref("app", new JsonObject { ["tags"] = tags }.ToJsonString()), Encoding.UTF8.GetBytes("v")));

        Assert.Contains("spec.tags is not a map of strings with at most 256 entries", error.Message, StringComparison.Ordinal);
        Assert.Empty(aws.Requests);
    }

    [Fact]
    public async Task More_tags_than_AWS_allows_fail_with_AWS_error_and_create_nothing()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));
        var tags = new JsonObject();
        for (var i = 0; i < 60; i++) tags["k" + i] = "v";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.SetSecretAsync(Ref("app", new JsonObject { ["tags"] = tags }.ToJsonString()), Encoding.UTF8.GetBytes("v")));

        Assert.Contains("ValidationException", error.Message, StringComparison.Ordinal);
        Assert.True(aws.IsDeleted("app"));
    }

    [Fact]
    public async Task An_unsupported_policySourceRef_kind_is_refused_before_the_secret_is_created()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var error = await Assert.ThrowsAsync<StoreConfigException>(() => store.SetSecretAsync(
            Ref("app", """{"resourcePolicy":{"policySourceRef":{"kind":"Deployment","name":"p","key":"k"}}}"""), Encoding.UTF8.GetBytes("v")));

        Assert.Contains("unsupported PolicySourceRef kind \"Deployment\" (must be ConfigMap or Secret)", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, aws.CallCount("CreateSecret"));
    }

    [Fact]
    public async Task Without_metadata_an_update_deletes_a_resource_policy_as_ESO_does()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));
        await store.SetSecretAsync(Ref("app"), Encoding.UTF8.GetBytes("v"));
        aws.SetPolicy("app", """{"Version":"2012-10-17","Statement":[]}""");

        await store.SetSecretAsync(Ref("app"), Encoding.UTF8.GetBytes("v"));

        Assert.Null(aws.PolicyOf("app"));
    }
}
