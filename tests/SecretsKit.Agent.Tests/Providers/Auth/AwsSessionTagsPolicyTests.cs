using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// ESO v2.9's <c>sessionTagsPolicy</c> on the AWS store's <c>role</c>: the STS fake records the <c>Tags.member.N</c> and
/// <c>TransitiveTagKeys.member.N</c> query parameters of each <c>AssumeRole</c> it verified.
/// </summary>
public sealed class AwsSessionTagsPolicyTests : IAsyncLifetime
{
    private const string TargetArn = "arn:aws:iam::444455556666:role/tagged-read";
    private AwsAuthFakes _fakes = null!;
    private FakeSecretsManagerServer _sm = null!;
    private FakeStsServer _sts = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _fakes = await AwsAuthFakes.StartAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAAGENT", ["AWS_SECRET_ACCESS_KEY"] = "agent-secret" });
        (_sm, _sts, _c) = (_fakes.Sm, _fakes.Sts, _fakes.Cluster);
        _c.Namespace("team-a");
        _c.Namespace("team-b");
        _sts.AddAssumableRole(TargetArn, "AKIAAGENT", "agent-secret", "ASIATAGGED", "tagged-secret");
        _sm.ExpectCredentials("ASIATAGGED", "tagged-secret");
        _sm.PutSecret("prod/db", """{"password":"from-aws"}""");
    }

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private void ClusterStore(Action<JsonObject> tags) => _c.Store(null, "tagged", Aws(tags));

    private static JsonObject Aws(Action<JsonObject> tags)
    {
        var aws = new JsonObject { ["service"] = "SecretsManager", ["region"] = "eu-west-1", ["role"] = TargetArn };
        tags(aws);
        return new JsonObject { ["aws"] = aws };
    }

    [Fact]
    public async Task Simple_policy_tags_each_session_with_the_external_secrets_namespace_and_the_store_and_ignores_session_tags()
    {
        ClusterStore(aws =>
        {
            aws["sessionTagsPolicy"] = "Simple";
            aws["sessionTags"] = new JsonArray(new JsonObject { ["key"] = "ignored", ["value"] = "x" });
            aws["transitiveTagKeys"] = new JsonArray("esoNamespace");
        });
        _c.ExternalSecret("team-a", "es", Spec("tagged", "ClusterSecretStore", data: [("password", "prod/db", "password")]));
        _c.ExternalSecret("team-b", "es", Spec("tagged", "ClusterSecretStore", data: [("password", "prod/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("from-aws", _c.Value("team-a", "es", "password"));
        Assert.Equal("from-aws", _c.Value("team-b", "es", "password"));
        var calls = _sts.Calls.OrderBy(c => c.Tags["esoNamespace"], StringComparer.Ordinal).ToList();
        Assert.Equal(2, calls.Count);
        foreach (var (call, ns) in calls.Zip(["team-a", "team-b"]))
        {
            Assert.Equal(("AssumeRole", "AKIAAGENT", 200), (call.Action, call.CallerAccessKeyId, call.Status));
            Assert.Equal(new Dictionary<string, string> { ["esoNamespace"] = ns, ["esoStoreKind"] = "ClusterSecretStore", ["esoStoreName"] = "tagged" }, call.Tags);
            Assert.Equal(["esoNamespace"], call.TransitiveTagKeys);
        }
        Assert.Equal(["ASIATAGGED", "ASIATAGGED"], _sm.SignedBy.Where(s => s.Operation == "GetSecretValue").Select(s => s.AccessKeyId));
    }

    [Fact]
    public async Task Custom_policy_adds_the_custom_tags_to_the_three_of_a_secret_store()
    {
        _c.Secret("team-a", "aws-keys", new Dictionary<string, string> { ["id"] = "AKIAAGENT", ["secret"] = "agent-secret" });
        var provider = Aws(aws =>
        {
            aws["sessionTagsPolicy"] = "Custom";
            aws["customSessionTags"] = new JsonObject { ["cost-center"] = "42", ["empty"] = "" };
            aws["externalID"] = "ext-7";
            aws["auth"] = new JsonObject
            {
                ["secretRef"] = new JsonObject
                {
                    ["accessKeyIDSecretRef"] = new JsonObject { ["name"] = "aws-keys", ["key"] = "id" },
                    ["secretAccessKeySecretRef"] = new JsonObject { ["name"] = "aws-keys", ["key"] = "secret" },
                },
            };
        });
        _c.Store("team-a", "tagged", provider);
        _c.ExternalSecret("team-a", "es", Spec("tagged", data: [("password", "prod/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("from-aws", _c.Value("team-a", "es", "password"));
        var call = Assert.Single(_sts.Calls);
        Assert.Equal("ext-7", call.ExternalId);
        Assert.Equal(new Dictionary<string, string>
        {
            ["cost-center"] = "42", ["esoNamespace"] = "team-a", ["esoStoreKind"] = "SecretStore", ["esoStoreName"] = "tagged",
        }, call.Tags);
    }

    [Fact]
    public async Task Custom_session_tags_naming_a_reserved_key_are_refused_before_sts_is_called()
    {
        ClusterStore(aws =>
        {
            aws["sessionTagsPolicy"] = "Custom";
            aws["customSessionTags"] = new JsonObject { ["esoNamespace"] = "team-b" };
        });
        _c.ExternalSecret("team-a", "es", Spec("tagged", "ClusterSecretStore", data: [("password", "prod/db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("customSessionTags cannot contain the reserved key 'esoNamespace'", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }

    [Fact]
    public async Task An_unknown_session_tags_policy_is_an_unsupported_value()
    {
        ClusterStore(aws => aws["sessionTagsPolicy"] = "Everything");
        _c.ExternalSecret("team-a", "es", Spec("tagged", "ClusterSecretStore", data: [("password", "prod/db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-a", "es"));
        Assert.Contains("sessionTagsPolicy", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }
}
