using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Ssm;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Controllers.PushSecrets;

/// <summary>
/// A PushSecret's <c>data[].metadata</c> (ESO's PushSecretMetadata) through the Kubernetes API fake to the AWS wire
/// fakes: Secrets Manager tags, format and a resource policy read from a ConfigMap of the PushSecret's namespace, kept
/// in step when the PushSecret changes; a hostile metadata refused with a clear condition; Parameter Store pushes.
/// </summary>
public sealed class PushSecretAwsMetadataTests
{
    private const string Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue","Resource":"*"}]}""";

    private static JsonObject PushSecret(string store, string remoteKey, JsonObject? spec, string? secretKey = "k", string storeKind = "SecretStore")
    {
        var match = new JsonObject { ["remoteRef"] = new JsonObject { ["remoteKey"] = remoteKey } };
        if (secretKey is not null) match["secretKey"] = secretKey;
        var entry = new JsonObject { ["match"] = match };
        if (spec is not null)
        {
            entry["metadata"] = new JsonObject { ["apiVersion"] = "kubernetes.external-secrets.io/v1alpha1", ["kind"] = "PushSecretMetadata", ["spec"] = spec };
        }
        return new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1alpha1",
            ["kind"] = "PushSecret",
            ["metadata"] = new JsonObject { ["name"] = "push", ["namespace"] = "default" },
            ["spec"] = new JsonObject
            {
                ["refreshInterval"] = "1h",
                ["secretStoreRefs"] = new JsonArray(new JsonObject { ["name"] = store, ["kind"] = storeKind }),
                ["selector"] = new JsonObject { ["secret"] = new JsonObject { ["name"] = "source" } },
                ["data"] = new JsonArray(entry),
            },
        };
    }

    private static JsonObject? Condition(AgentCluster c) =>
        c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")?["status"]?["conditions"]?[0] as JsonObject;

    [Fact]
    public async Task Secrets_Manager_gets_the_metadata_tags_format_and_policy_and_follows_a_change_of_tags()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "v1" });
        c.Server.Create(FakeResourceType.ConfigMap, "default", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "policies", ["namespace"] = "default" },
            ["data"] = new JsonObject { ["db"] = Policy },
        });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("aws", "team/db", new JsonObject
        {
            ["secretPushFormat"] = "string",
            ["description"] = "team db",
            ["tags"] = new JsonObject { ["team"] = "payments", ["cost"] = "42" },
            ["resourcePolicy"] = new JsonObject
            {
                ["blockPublicPolicy"] = true,
                ["policySourceRef"] = new JsonObject { ["kind"] = "ConfigMap", ["name"] = "policies", ["key"] = "db" },
            },
        }));

        await c.PassAsync();

        Assert.Equal("True", Condition(c)!["status"]!.GetValue<string>());
        Assert.Equal("v1", sm.Current("team/db"));
        Assert.False(sm.CurrentIsBinary("team/db"));
        Assert.Equal("team db", sm.AttributesOf("team/db").Description);
        Assert.Equal(new Dictionary<string, string> { ["cost"] = "42", ["managed-by"] = "secretskit", ["team"] = "payments" }, sm.TagsOf("team/db"));
        Assert.Equal(Policy, sm.PolicyOf("team/db"));

        var ps = c.Server.TryGet(FakeResourceType.PushSecret, "default", "push")!;
        ps["spec"]!["data"]![0]!["metadata"]!["spec"]!["tags"] = new JsonObject { ["team"] = "billing" };
        c.Server.Replace(FakeResourceType.PushSecret, "default", "push", ps);
        await c.PassAsync();

        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit", ["team"] = "billing" }, sm.TagsOf("team/db"));
        Assert.Equal(Policy, sm.PolicyOf("team/db"));
    }

    [Fact]
    public async Task Through_a_ClusterSecretStore_the_policy_is_read_in_the_PushSecret_namespace()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm, storeNamespace: null, storeName: "shared-aws");
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "v1" });
        c.Secret("default", "policies", new Dictionary<string, string> { ["db"] = Policy });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("shared-aws", "team/db", new JsonObject
        {
            ["resourcePolicy"] = new JsonObject { ["policySourceRef"] = new JsonObject { ["kind"] = "Secret", ["name"] = "policies", ["key"] = "db" } },
        }, storeKind: "ClusterSecretStore"));

        await c.PassAsync();

        Assert.Equal("True", Condition(c)!["status"]!.GetValue<string>());
        Assert.Equal(Policy, sm.PolicyOf("team/db"));
    }

    [Fact]
    public async Task A_metadata_that_sets_the_managed_by_tag_is_a_clear_condition_and_no_write()
    {
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(sm);
        c.Secret("default", "source", new Dictionary<string, string> { ["k"] = "v1" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("aws", "team/db", new JsonObject
        {
            ["tags"] = new JsonObject { ["managed-by"] = "external-secrets" },
        }));

        await c.PassAsync();

        Assert.Equal("False", Condition(c)!["status"]!.GetValue<string>());
        Assert.Contains("spec.tags may not set 'managed-by'", Condition(c)!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(sm.IsDeleted("team/db"));
        Assert.Equal(0, sm.CallCount("CreateSecret"));
    }

    [Fact]
    public async Task Parameter_Store_takes_a_whole_Secret_as_a_SecureString_with_its_tags()
    {
        await using var ssm = await FakeSsmServer.StartAsync("eu-west-1");
        await using var c = await PushStores.AwsAsync(ssm, "ParameterStore", storeName: "ssm");
        c.Secret("default", "source", new Dictionary<string, string> { ["user"] = "admin", ["pass"] = "pw" });
        c.Server.Create(FakeResourceType.PushSecret, "default", PushSecret("ssm", "/team/db", new JsonObject
        {
            ["secretType"] = "SecureString", ["tags"] = new JsonObject { ["team"] = "payments" },
        }, secretKey: null));

        await c.PassAsync();

        Assert.Equal("True", Condition(c)!["status"]!.GetValue<string>());
        Assert.Equal(("""{"pass":"cHc=","user":"YWRtaW4="}""", "SecureString"), ssm.Latest("/team/db"));
        Assert.Equal("alias/aws/ssm", ssm.AttributesOf("/team/db").KeyId);
        Assert.Equal(new Dictionary<string, string> { ["managed-by"] = "secretskit", ["team"] = "payments" }, ssm.TagsOf("/team/db"));
    }
}
