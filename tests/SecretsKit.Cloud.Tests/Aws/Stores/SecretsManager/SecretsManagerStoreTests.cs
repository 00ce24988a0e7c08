using SecretsKit.Cloud.Tests.Aws.SecretsManager;
using System.Text;
using SecretsKit.Cloud.Aws.Stores.SecretsManager;
using SecretsKit.Cloud.Aws.Stores.SecretsManager.Model;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Aws.SecretsManager;

namespace SecretsKit.Cloud.Tests.Aws.Stores.SecretsManager;

public sealed class SecretsManagerStoreTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Get_returns_the_AWSCURRENT_secret_string_with_version_id()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        aws.PutSecret("prod/db", "old");
        var current = aws.PutSecret("prod/db", "s3cr3t");
        using var client = AwsTestClients.SecretsManager(aws);

        var value = await new SecretsManagerStore(client).GetSecretAsync(new SecretRef("prod/db"));

        Assert.Equal("s3cr3t", Text(value.Value));
        Assert.Equal(current, value.Version);
        Assert.Equal("AWSCURRENT", value.Metadata!["version_stages"]);
        Assert.Equal(aws.ArnOf("prod/db"), value.Metadata["arn"]);
        var request = aws.Requests.Single();
        Assert.Equal("secretsmanager.GetSecretValue", request.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.1", request.Header("Content-Type"));
        Assert.Contains("/eu-west-1/secretsmanager/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal(AwsTestClients.AccessKey, aws.LastAccessKeyId);
    }

    [Fact]
    public async Task Version_selects_a_stage_or_a_version_id()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        var first = aws.PutSecret("app", "v1");
        aws.PutSecret("app", "v2");
        aws.PutSecret("app", "pending", versionStage: "AWSPENDING");
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        Assert.Equal("v1", Text((await store.GetSecretAsync(new SecretRef("app", Version: "AWSPREVIOUS"))).Value));
        Assert.Equal("pending", Text((await store.GetSecretAsync(new SecretRef("app", Version: "AWSPENDING"))).Value));
        Assert.Equal("v1", Text((await store.GetSecretAsync(new SecretRef("app", Version: "uuid/" + first))).Value));
        Assert.Equal("v1", Text((await store.GetSecretAsync(new SecretRef("app", Version: first))).Value));
        Assert.Contains("\"VersionStage\":\"AWSPREVIOUS\"", aws.Requests[0].Body, StringComparison.Ordinal);
        Assert.Contains($"\"VersionId\":\"{first}\"", aws.Requests[2].Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("username", "admin")]
    [InlineData("conn.port", "5432")]
    [InlineData("conn", """{"host":"db","port":5432}""")]
    public async Task Property_selects_a_json_field_of_the_secret_string(string property, string expected)
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", """{"username":"admin","conn":{"host":"db","port":5432}}""");
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var value = await store.GetSecretAsync(new SecretRef("app", property));

        Assert.Equal(expected, Text(value.Value));
    }

    [Fact]
    public async Task Secret_binary_is_returned_as_raw_bytes()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        byte[] blob = [0, 1, 2, 255, 254];
        aws.PutSecretBinary("cert", blob);
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var value = await store.GetSecretAsync(new SecretRef("cert"));

        Assert.Equal(blob, value.Value);
    }

    [Fact]
    public async Task GetSecretMap_returns_the_json_object_as_a_map()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", """{"a":"1","b":2}""");
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var map = await store.GetSecretMapAsync(new SecretRef("app"));

        Assert.Equal("1", Text(map["a"]));
        Assert.Equal("2", Text(map["b"]));
    }

    [Fact]
    public async Task Missing_secret_stage_and_property_throw_not_found_naming_the_key()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("app", """{"a":"hidden-value"}""");
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var missing = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("nope")));
        var stage = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("app", Version: "AWSPREVIOUS")));
        var property = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("app", "b")));

        Assert.Contains("aws-secretsmanager: secret 'nope' not found", missing.Message, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", missing.Message, StringComparison.Ordinal);
        Assert.Contains("app@AWSPREVIOUS", stage.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden-value", property.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_by_path_prefix_and_name_regex_lists_then_batch_gets_values()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.MaxPageSize = 2;
        aws.PutSecret("team/a", "1");
        aws.PutSecret("team/b", "2");
        aws.PutSecret("team/c-db", "3");
        aws.PutSecret("other/x", "4");
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var team = await store.FindSecretsAsync(new SecretQuery(Path: "team/"));
        var dbs = await store.FindSecretsAsync(new SecretQuery(NameRegex: "-db$"));

        Assert.Equal(["team/a", "team/b", "team/c-db"], team.Keys.Order());
        Assert.Equal("3", Text(team["team/c-db"]));
        Assert.Equal(["team/c-db"], dbs.Keys);
        Assert.Contains("\"Key\":\"name\"", aws.Requests.First(r => r.Operation == "ListSecrets").Body, StringComparison.Ordinal);
        Assert.Equal(2, aws.CallCount("BatchGetSecretValue"));
        Assert.True(aws.CallCount("ListSecrets") >= 4, "pages of 2 must be followed with NextToken");
    }

    [Fact]
    public async Task Find_by_tags_requires_each_key_value_pair()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("a", "1");
        aws.PutSecret("b", "2");
        aws.PutSecret("c", "3");
        aws.TagSecret("a", new Dictionary<string, string> { ["env"] = "prod", ["team"] = "x" });
        aws.TagSecret("b", new Dictionary<string, string> { ["env"] = "dev", ["team"] = "prod" });
        aws.TagSecret("c", new Dictionary<string, string> { ["env"] = "prod" });
        var store = new SecretsManagerStore(AwsTestClients.SecretsManager(aws));

        var found = await store.FindSecretsAsync(new SecretQuery(Tags: new Dictionary<string, string> { ["env"] = "prod", ["team"] = "x" }));

        Assert.Equal(["a"], found.Keys);
    }

    [Fact]
    public async Task Client_exposes_sdk_shaped_calls()
    {
        await using var aws = await FakeSecretsManagerServer.StartAsync();
        aws.PutSecret("a", "1");
        using var client = AwsTestClients.SecretsManager(aws);

        var batch = await client.BatchGetSecretValueAsync(new BatchGetSecretValueRequest { SecretIdList = ["a", "missing"] });
        var list = await client.ListSecretsAsync(new ListSecretsRequest());

        Assert.Equal("1", batch.SecretValues!.Single().SecretString);
        Assert.Equal("missing", batch.Errors!.Single().SecretId);
        Assert.Equal("a", list.SecretList!.Single().Name);
    }
}
