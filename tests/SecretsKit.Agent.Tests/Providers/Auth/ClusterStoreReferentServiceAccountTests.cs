using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// ESO's referent authentication: a ClusterSecretStore whose <c>serviceAccountRef</c> names no namespace uses the
/// ServiceAccount of the ExternalSecret's own namespace. Two namespaces, each with its own ServiceAccount and IAM role,
/// share one ClusterSecretStore: each gets its own token, its own STS session and its own reads (the Secrets Manager
/// fake lets each role read only its own team's secret), and a value fetched with one namespace's identity is never
/// handed to the other.
/// </summary>
public sealed class ClusterStoreReferentServiceAccountTests : IAsyncLifetime
{
    private const string RoleA = "arn:aws:iam::111122223333:role/team-a-read";
    private const string RoleB = "arn:aws:iam::111122223333:role/team-b-read";
    private AwsAuthFakes _fakes = null!;
    private FakeSecretsManagerServer _sm = null!;
    private FakeStsServer _sts = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _fakes = await AwsAuthFakes.StartAsync();
        (_sm, _sts, _c) = (_fakes.Sm, _fakes.Sts, _fakes.Cluster);
        foreach (var (ns, role, key) in new[] { ("team-a", RoleA, "ASIATEAMA"), ("team-b", RoleB, "ASIATEAMB") })
        {
            _c.Namespace(ns);
            _c.Server.ServiceAccount(ns, "app", new Dictionary<string, string> { ["eks.amazonaws.com/role-arn"] = role });
            _sts.AddWebIdentityRole(role, _c.Server.TokenRequests.Issuer, ns, "app", key, key + "-secret");
            _sm.AlsoAcceptCredentials(key, key + "-secret");
            _sm.PutSecret($"{ns}/db", $$"""{"password":"{{ns}}-password"}""");
            _sm.RestrictTo($"{ns}/db", key);
        }
        _sm.PutSecret("common/db", """{"password":"common"}""");
        _c.Store(null, "aws", new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = "SecretsManager", ["region"] = "eu-west-1",
                ["auth"] = new JsonObject { ["jwt"] = new JsonObject { ["serviceAccountRef"] = new JsonObject { ["name"] = "app" } } },
            },
        });
    }

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task Each_namespace_reads_with_its_own_service_account_and_role_through_one_cluster_secret_store()
    {
        _c.ExternalSecret("team-a", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));
        _c.ExternalSecret("team-b", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-b/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("team-a-password", _c.Value("team-a", "es", "password"));
        Assert.Equal("team-b-password", _c.Value("team-b", "es", "password"));
        Assert.Equal(["team-a/app", "team-b/app"], _c.Server.TokenRequests.Log.Select(t => $"{t.Namespace}/{t.ServiceAccount}").Order());
        Assert.All(_c.Server.TokenRequests.Log, t => Assert.Equal(["sts.amazonaws.com"], t.Audiences));
        Assert.Equal([(RoleA, "system:serviceaccount:team-a:app", 200), (RoleB, "system:serviceaccount:team-b:app", 200)],
            _sts.Calls.Select(c => (c.RoleArn, c.Subject, c.Status)).Order());
        var store = _c.Server.TryGet(SecretsKit.Testing.Kubernetes.FakeResourceType.ClusterSecretStore, null, "aws")!;
        Assert.Equal("True", store["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_namespace_cannot_read_another_teams_secret_through_the_shared_cluster_secret_store()
    {
        _c.ExternalSecret("team-a", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));
        _c.ExternalSecret("team-b", "steal", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("team-a-password", _c.Value("team-a", "es", "password"));
        Assert.Null(_c.TargetSecret("team-b", "steal"));
        Assert.Contains("AccessDeniedException", _c.ReadyMessage("team-b", "steal"), StringComparison.Ordinal);
        Assert.Contains(("GetSecretValue", "ASIATEAMB"), _sm.SignedBy);
    }

    [Fact]
    public async Task The_same_remote_key_is_read_once_per_namespace_never_shared_across_their_identities()
    {
        _c.ExternalSecret("team-a", "es", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));
        _c.ExternalSecret("team-a", "es2", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));
        _c.ExternalSecret("team-b", "es", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("common", _c.Value("team-a", "es", "password"));
        Assert.Equal("common", _c.Value("team-a", "es2", "password"));
        Assert.Equal("common", _c.Value("team-b", "es", "password"));
        var reads = _sm.SignedBy.Select(s => s.Operation + ":" + s.AccessKeyId).Order().ToList();
        Assert.Equal(["GetSecretValue:ASIATEAMA", "GetSecretValue:ASIATEAMB"], reads);
    }

    [Fact]
    public async Task A_namespace_without_that_service_account_gets_a_condition_naming_its_own_namespace()
    {
        _c.Namespace("team-c");
        _c.ExternalSecret("team-c", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-c", "es"));
        Assert.Contains("ServiceAccount team-c/app not found", _c.ReadyMessage("team-c", "es"), StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
    }
}
