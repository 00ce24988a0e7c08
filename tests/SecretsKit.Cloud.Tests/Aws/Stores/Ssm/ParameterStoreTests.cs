using SecretsKit.Cloud.Tests.Aws.Ssm;
using System.Text;
using SecretsKit.Cloud.Aws.Stores.Ssm;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Aws.Ssm;

namespace SecretsKit.Cloud.Tests.Aws.Stores.Ssm;

public sealed class ParameterStoreTests
{
    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    [Fact]
    public async Task Get_decrypts_secure_strings_and_reports_the_version()
    {
        await using var ssm = await FakeSsmServer.StartAsync("eu-central-1");
        ssm.PutParameter("/app/db/password", "old", "SecureString");
        ssm.PutParameter("/app/db/password", "pa55", "SecureString");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var value = await store.GetSecretAsync(new SecretRef("/app/db/password"));

        Assert.Equal("pa55", Text(value.Value));
        Assert.Equal("2", value.Version);
        Assert.Equal("SecureString", value.Metadata!["type"]);
        var request = ssm.Requests.Single();
        Assert.Equal("AmazonSSM.GetParameter", request.Header("X-Amz-Target"));
        Assert.Contains("\"WithDecryption\":true", request.Body, StringComparison.Ordinal);
        Assert.Contains("/eu-central-1/ssm/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_is_sent_as_name_colon_version()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        ssm.PutParameter("/p", "one");
        ssm.PutParameter("/p", "two");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var value = await store.GetSecretAsync(new SecretRef("/p", Version: "1"));

        Assert.Equal(("one", "1"), (Text(value.Value), value.Version));
        Assert.Contains("\"Name\":\"/p:1\"", ssm.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Property_and_map_read_json_parameter_values()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        ssm.PutParameter("/cfg", """{"user":"u","nested":{"port":1}}""");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var user = await store.GetSecretAsync(new SecretRef("/cfg", "user"));
        var port = await store.GetSecretAsync(new SecretRef("/cfg", "nested.port"));
        var map = await store.GetSecretMapAsync(new SecretRef("/cfg"));

        Assert.Equal("u", Text(user.Value));
        Assert.Equal("1", Text(port.Value));
        Assert.Equal(["nested", "user"], map.Keys.Order());
    }

    [Fact]
    public async Task Missing_parameter_and_version_throw_not_found()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        ssm.PutParameter("/p", "v");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var missing = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("/nope")));
        var version = await Assert.ThrowsAsync<SecretNotFoundException>(() => store.GetSecretAsync(new SecretRef("/p", Version: "9")));

        Assert.Contains("aws-ssm: secret '/nope' not found: ParameterNotFound", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'/p:9'", version.Message, StringComparison.Ordinal);
        Assert.Contains("ParameterVersionNotFound", version.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Find_walks_the_path_recursively_across_pages_and_filters_by_regex()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        for (var i = 0; i < 12; i++) ssm.PutParameter($"/app/svc{i:00}/key", $"v{i}", "SecureString");
        ssm.PutParameter("/app/top", "t");
        ssm.PutParameter("/other/x", "o");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var all = await store.FindSecretsAsync(new SecretQuery(Path: "/app"));
        var some = await store.FindSecretsAsync(new SecretQuery(NameRegex: "svc0[12]/", Path: "/app"));

        Assert.Equal(13, all.Count);
        Assert.Equal("v11", Text(all["/app/svc11/key"]));
        Assert.Equal(["/app/svc01/key", "/app/svc02/key"], some.Keys.Order());
        Assert.Equal(4, ssm.CallCount("GetParametersByPath"));
        Assert.All(ssm.Requests, r => Assert.Contains("\"Recursive\":true", r.Body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Find_by_tags_is_rejected_with_a_clear_message()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var ex = await Assert.ThrowsAsync<SecretsKitException>(() =>
            store.FindSecretsAsync(new SecretQuery(Tags: new Dictionary<string, string> { ["a"] = "b" })));

        Assert.Contains("tags", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, ssm.TotalCalls);
    }

    [Fact]
    public async Task GetMany_batches_names_ten_per_GetParameters_call_and_skips_missing()
    {
        await using var ssm = await FakeSsmServer.StartAsync();
        var names = Enumerable.Range(0, 12).Select(i => $"/p{i}").ToList();
        foreach (var name in names) ssm.PutParameter(name, name + "-value");
        var store = new ParameterStore(AwsTestClients.Ssm(ssm));

        var values = await store.GetManyAsync([.. names, "/missing"]);

        Assert.Equal(12, values.Count);
        Assert.Equal("/p3-value", Text(values["/p3"]));
        Assert.Equal(2, ssm.CallCount("GetParameters"));
    }
}
