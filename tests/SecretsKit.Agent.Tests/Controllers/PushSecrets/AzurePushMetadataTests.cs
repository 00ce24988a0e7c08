using System.Text.Json.Nodes;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// PushSecret <c>metadata</c> on Azure Key Vault secrets, through the agent and the Kubernetes API fake to the Key Vault
/// fake: ESO v2.9's <c>expirationDate</c> (sent as <c>exp</c>, epoch seconds), <c>contentType</c> and <c>tags</c>.
/// </summary>
public sealed class AzurePushMetadataTests
{
    private static async Task<AgentCluster> ClusterAsync(FakeAzureKeyVaultServer kv, HttpMessageHandler handler)
    {
        var c = await PushStores.AzureAsync(kv, handler);
        c.Secret("default", "app-secrets", new Dictionary<string, string> { ["token"] = "tok-1" });
        return c;
    }

    private static void Push(AgentCluster c, string remoteKey, string specYaml) => PushMetadataYaml.Create(c, "akv", PushMetadataYaml.Entry(remoteKey, specYaml));

    private static void SetSpec(AgentCluster c, string specYaml)
    {
        var ps = PushSecretYaml.Stored(c);
        ps["spec"]!["data"]![0]!["metadata"]!["spec"] = YamlValues.ToJson(YamlValues.LoadAll(specYaml).Single());
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", ps);
    }

    [Fact]
    public async Task Expiration_date_content_type_and_tags_land_on_the_version_and_a_tag_change_writes_one_new_version_with_only_the_new_tags()
    {
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        using var handler = kv.CreateClientHandler();
        await using var c = await ClusterAsync(kv, handler);
        Push(c, "db-token", "        expirationDate: 2030-12-31T20:00:00Z\n        contentType: text/plain\n        tags: {team: payments, env: prod}\n");

        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal("tok-1", kv.LatestValue("db-token"));
        Assert.Equal(1924977600, kv.LatestExpires("db-token")); // 2030-12-31T20:00:00Z
        Assert.Equal("text/plain", kv.LatestContentType("db-token"));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "payments", ["env"] = "prod", ["managed-by"] = "secretskit" }, kv.LatestTags("db-token"));

        SetSpec(c, "{expirationDate: '2030-12-31T21:00:00+01:00', contentType: text/plain, tags: {team: payments, env: prod}}");
        await c.PassAsync();
        Assert.Equal(1, kv.VersionCount("db-token")); // the same instant, content type and tags: nothing written

        SetSpec(c, "{tags: {team: billing}}");
        await c.PassAsync();

        Assert.StartsWith("True", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Equal(2, kv.VersionCount("db-token"));
        Assert.Equal(new Dictionary<string, string> { ["team"] = "billing", ["managed-by"] = "secretskit" }, kv.LatestTags("db-token"));
        Assert.Null(kv.LatestExpires("db-token"));                      // no expirationDate any more: the new version has none
        Assert.Equal("text/plain", kv.LatestContentType("db-token"));   // no contentType: the current one is kept, as ESO
    }

    [Theory]
    [InlineData("        tags: {managed-by: me}\n", "azurekv: error parsing tags in metadata: Cannot specify a 'managed-by' tag")]
    [InlineData("        expirationDate: 2030-12-31\n", "error parsing expiration date in metadata: spec.expirationDate is not an RFC 3339 time")]
    [InlineData("        expirationDate: '2030-12-31T20:00:00'\n", "Expected format: YYYY-MM-DDTHH:MM:SSZ (RFC3339)")]
    [InlineData("        expires: 2030-12-31T20:00:00Z\n", "unknown field \"spec.expires\"")]
    [InlineData("        tags: {a: '1', b: '2', c: '3', d: '4', e: '5', f: '6', g: '7', h: '8', i: '9', j: '10', k: '11', l: '12', m: '13', n: '14', o: '15'}\n", "spec.tags has more than 14 tags")]
    public async Task Hostile_metadata_is_refused_in_the_condition_and_nothing_is_written(string specYaml, string message)
    {
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        using var handler = kv.CreateClientHandler();
        await using var c = await ClusterAsync(kv, handler);
        Push(c, "refused", specYaml);

        await c.PassAsync();

        PushMetadataYaml.AssertRefused(c, message);
        Assert.Null(kv.LatestValue("refused"));
    }

    [Fact]
    public async Task A_content_type_longer_than_Key_Vaults_255_characters_is_refused_before_the_write()
    {
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        using var handler = kv.CreateClientHandler();
        await using var c = await ClusterAsync(kv, handler);
        Push(c, "refused", $"        contentType: {new string('x', 256)}\n");

        await c.PassAsync();

        Assert.Contains("spec.contentType is longer than Key Vault's 255 characters", PushSecretYaml.Ready(c), StringComparison.Ordinal);
        Assert.Null(kv.LatestValue("refused"));
    }
}
