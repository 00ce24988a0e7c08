using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Aws.Ecr;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Time;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.Generators.Ecr;

/// <summary>
/// ESO v2.9's <c>ECRAuthorizationToken</c> <c>auth.jwt.serviceAccountRef</c> (IRSA for the generator): a token minted for
/// a ServiceAccount of the ExternalSecret's namespace (audience <c>sts.amazonaws.com</c> or its
/// <c>eks.amazonaws.com/audience</c>), exchanged at the STS fake for the role of its <c>eks.amazonaws.com/role-arn</c>, whose
/// credentials sign ECR's GetAuthorizationToken (the ECR fake checks the signature). Another namespace's ServiceAccount
/// is refused before any token is minted.
/// </summary>
public sealed class EcrGeneratorIrsaTests : IAsyncLifetime
{
    private const string RoleA = "arn:aws:iam::111122223333:role/team-a-ecr";
    private const string RoleB = "arn:aws:iam::111122223333:role/team-b-ecr";
    private FakeEcrServer _ecr = null!;
    private FakeStsServer _sts = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _ecr = await FakeEcrServer.StartAsync("eu-west-1");
        _sts = await FakeStsServer.StartAsync("eu-west-1", new ManualTimeProvider());
        _c = await StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["ECR"] = _ecr.BaseAddress, ["STS"] = _sts.BaseAddress },
        });
        foreach (var (ns, role, key) in new[] { ("team-a", RoleA, "ASIATEAMAECR"), ("team-b", RoleB, "ASIATEAMBECR") })
        {
            _c.Namespace(ns);
            _c.Server.ServiceAccount(ns, "ecr-puller", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = role });
            _sts.AddWebIdentityRole(role, _c.Server.TokenRequests.Issuer, ns, "ecr-puller", key, key + "-secret");
        }
        _ecr.ExpectCredentials("ASIATEAMAECR", "ASIATEAMAECR-secret");
        _ecr.AlsoAcceptCredentials("ASIATEAMBECR", "ASIATEAMBECR-secret");
    }

    public async Task DisposeAsync()
    {
        await _c.DisposeAsync();
        await _sts.DisposeAsync();
        await _ecr.DisposeAsync();
    }

    private static JsonObject Spec(string? saNamespace = null, string name = "ecr-puller")
    {
        var sa = new JsonObject { ["name"] = name };
        if (saNamespace is not null) sa["namespace"] = saNamespace;
        return new JsonObject { ["region"] = "eu-west-1", ["auth"] = new JsonObject { ["jwt"] = new JsonObject { ["serviceAccountRef"] = sa } } };
    }

    [Fact]
    public async Task ECR_generator_jwt_assumes_the_service_accounts_role_and_signs_ecr_with_the_web_identity_credentials()
    {
        Generator(_c, "ECRAuthorizationToken", "team-a", "ecr", Spec());
        _c.ExternalSecret("team-a", "registry", GeneratorSpec(("ECRAuthorizationToken", "ecr")));

        await _c.PassAsync();

        Assert.True(_c.ReadyStatus("team-a", "registry") == "True", _c.ReadyMessage("team-a", "registry"));
        Assert.Equal("AWS", _c.Value("team-a", "registry", "username"));
        Assert.Equal(FakeEcrServer.Password(1), _c.Value("team-a", "registry", "password"));
        var minted = Assert.Single(_c.Server.TokenRequests.Log);
        Assert.Equal(("team-a", "ecr-puller"), (minted.Namespace, minted.ServiceAccount));
        Assert.Equal(["sts.amazonaws.com"], minted.Audiences);
        var call = Assert.Single(_sts.Calls);
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleA, "system:serviceaccount:team-a:ecr-puller", 200), (call.Action, call.RoleArn, call.Subject, call.Status));
        Assert.Equal("ASIATEAMAECR", _ecr.LastAccessKeyId);
        Assert.Empty(_c.Server.UnknownFields);
    }

    [Fact]
    public async Task A_cluster_generator_with_jwt_uses_the_service_account_of_each_external_secrets_namespace()
    {
        Generator(_c, "ClusterGenerator", null, "ecr", new JsonObject
        {
            ["kind"] = "ECRAuthorizationToken",
            ["generator"] = new JsonObject { ["ecrAuthorizationTokenSpec"] = Spec() },
        });
        _c.ExternalSecret("team-a", "registry", GeneratorSpec(("ClusterGenerator", "ecr")));
        _c.ExternalSecret("team-b", "registry", GeneratorSpec(("ClusterGenerator", "ecr")));

        await _c.PassAsync();

        Assert.True(_c.ReadyStatus("team-a", "registry") == "True", _c.ReadyMessage("team-a", "registry"));
        Assert.True(_c.ReadyStatus("team-b", "registry") == "True", _c.ReadyMessage("team-b", "registry"));
        Assert.Equal(["team-a/ecr-puller", "team-b/ecr-puller"], _c.Server.TokenRequests.Log.Select(t => $"{t.Namespace}/{t.ServiceAccount}").Order());
        Assert.Equal([RoleA, RoleB], _sts.Calls.Where(c => c.Status == 200).Select(c => c.RoleArn).Order());
        Assert.Equal(["ASIATEAMAECR", "ASIATEAMBECR"], _ecr.SignedBy.Select(s => s.AccessKeyId).Order());
    }

    [Fact]
    public async Task ECR_generator_jwt_naming_another_namespaces_service_account_is_refused_before_any_token_is_minted()
    {
        Generator(_c, "ECRAuthorizationToken", "team-b", "steal", Spec(saNamespace: "team-a"));
        _c.ExternalSecret("team-b", "registry", GeneratorSpec(("ECRAuthorizationToken", "steal")));

        await _c.PassAsync();

        Assert.Equal("False", _c.ReadyStatus("team-b", "registry"));
        Assert.Contains("namespace 'team-a'", _c.ReadyMessage("team-b", "registry"), StringComparison.Ordinal);
        Assert.Null(_c.TargetSecret("team-b", "registry"));
        Assert.Empty(_c.Server.TokenRequests.Log);
        Assert.Empty(_sts.Calls);
        Assert.Equal(0, _ecr.TotalCalls);
    }

    [Fact]
    public async Task ECR_generator_jwt_with_a_service_account_without_a_role_or_a_role_that_does_not_trust_it_is_a_clear_sync_error()
    {
        _c.Server.ServiceAccount("team-a", "no-role");
        _c.Server.ServiceAccount("team-a", "untrusted", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = RoleB });
        Generator(_c, "ECRAuthorizationToken", "team-a", "no-role", Spec(name: "no-role"));
        Generator(_c, "ECRAuthorizationToken", "team-a", "untrusted", Spec(name: "untrusted"));
        _c.ExternalSecret("team-a", "no-role", GeneratorSpec(("ECRAuthorizationToken", "no-role")));
        _c.ExternalSecret("team-a", "untrusted", GeneratorSpec(("ECRAuthorizationToken", "untrusted")));

        await _c.PassAsync();

        Assert.Equal("False", _c.ReadyStatus("team-a", "no-role"));
        Assert.Contains("has no eks.amazonaws.com/role-arn annotation", _c.ReadyMessage("team-a", "no-role"), StringComparison.Ordinal);
        Assert.Equal("False", _c.ReadyStatus("team-a", "untrusted"));
        Assert.Contains("AssumeRoleWithWebIdentity", _c.ReadyMessage("team-a", "untrusted"), StringComparison.Ordinal);
        Assert.Contains("AccessDenied", _c.ReadyMessage("team-a", "untrusted"), StringComparison.Ordinal);
        Assert.Equal(0, _ecr.TotalCalls);
    }
}
