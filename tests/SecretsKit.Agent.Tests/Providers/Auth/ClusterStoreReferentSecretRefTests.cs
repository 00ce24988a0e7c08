using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// ESO's referent secret references: a ClusterSecretStore's <c>secretRef</c> (a SecretKeySelector) without a namespace
/// is read in the namespace of the ExternalSecret it serves. Two namespaces, each with its own <c>aws-creds</c> Secret,
/// share one ClusterSecretStore: each signs with its own keys (the Secrets Manager fake lets each key read only its own
/// team's secret), the same remote key is fetched once per namespace, and a namespace without that Secret is told so.
/// The same for another provider (Vault's <c>tokenSecretRef</c>). A namespaced SecretStore that names another namespace
/// stays refused.
/// </summary>
public sealed class ClusterStoreReferentSecretRefTests : IAsyncLifetime
{
    private AwsAuthFakes _fakes = null!;
    private FakeSecretsManagerServer _sm = null!;
    private AgentCluster _c = null!;

    public async Task InitializeAsync()
    {
        _fakes = await AwsAuthFakes.StartAsync();
        (_sm, _c) = (_fakes.Sm, _fakes.Cluster);
        foreach (var (ns, key) in new[] { ("team-a", "AKIATEAMA"), ("team-b", "AKIATEAMB") })
        {
            _c.Namespace(ns);
            _c.Secret(ns, "aws-creds", new Dictionary<string, string> { ["id"] = key, ["secret"] = key + "-secret" });
            _sm.AlsoAcceptCredentials(key, key + "-secret");
            _sm.PutSecret($"{ns}/db", $$"""{"password":"{{ns}}-password"}""");
            _sm.RestrictTo($"{ns}/db", key);
        }
        _sm.PutSecret("common/db", """{"password":"common"}""");
        _c.Store(null, "aws", AwsWithSecretRef(null));
    }

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    private static JsonObject AwsWithSecretRef(string? ns)
    {
        JsonObject Selector(string key)
        {
            var o = new JsonObject { ["name"] = "aws-creds", ["key"] = key };
            if (ns is not null) o["namespace"] = ns;
            return o;
        }
        return new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = "SecretsManager", ["region"] = "eu-west-1",
                ["auth"] = new JsonObject
                {
                    ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Selector("id"), ["secretAccessKeySecretRef"] = Selector("secret") },
                },
            },
        };
    }

    [Fact]
    public async Task Each_namespace_signs_with_the_keys_of_its_own_secret_through_one_cluster_secret_store()
    {
        _c.ExternalSecret("team-a", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));
        _c.ExternalSecret("team-b", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-b/db", "password")]));

        await _c.PassAsync();

        Assert.True(_c.Value("team-a", "es", "password") == "team-a-password", _c.ReadyMessage("team-a", "es"));
        Assert.True(_c.Value("team-b", "es", "password") == "team-b-password", _c.ReadyMessage("team-b", "es"));
        Assert.Equal(["GetSecretValue:AKIATEAMA", "GetSecretValue:AKIATEAMB"], _sm.SignedBy.Select(s => s.Operation + ":" + s.AccessKeyId).Order());
        var store = _c.Server.TryGet(SecretsKit.Testing.Kubernetes.FakeResourceType.ClusterSecretStore, null, "aws")!;
        Assert.Equal("True", store["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_namespace_cannot_read_another_teams_secret_with_its_own_keys()
    {
        _c.ExternalSecret("team-a", "es", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));
        _c.ExternalSecret("team-b", "steal", Spec("aws", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("team-a-password", _c.Value("team-a", "es", "password"));
        Assert.Null(_c.TargetSecret("team-b", "steal"));
        Assert.Contains("AccessDeniedException", _c.ReadyMessage("team-b", "steal"), StringComparison.Ordinal);
        Assert.Contains(("GetSecretValue", "AKIATEAMB"), _sm.SignedBy);
    }

    [Fact]
    public async Task The_same_remote_key_is_fetched_once_per_namespace_never_shared_across_their_keys()
    {
        _c.ExternalSecret("team-a", "es", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));
        _c.ExternalSecret("team-a", "es2", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));
        _c.ExternalSecret("team-b", "es", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("common", _c.Value("team-a", "es", "password"));
        Assert.Equal("common", _c.Value("team-a", "es2", "password"));
        Assert.Equal("common", _c.Value("team-b", "es", "password"));
        Assert.Equal(["GetSecretValue:AKIATEAMA", "GetSecretValue:AKIATEAMB"], _sm.SignedBy.Select(s => s.Operation + ":" + s.AccessKeyId).Order());
    }

    [Fact]
    public async Task A_namespace_without_that_secret_gets_a_condition_naming_its_own_namespace()
    {
        _c.Namespace("team-c");
        _c.ExternalSecret("team-c", "es", Spec("aws", "ClusterSecretStore", data: [("password", "common/db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-c", "es"));
        Assert.Contains("secret team-c/aws-creds", _c.ReadyMessage("team-c", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _sm.TotalCalls);
    }

    [Fact]
    public async Task A_namespaced_secret_store_naming_another_namespaces_secret_is_refused_and_nothing_is_read()
    {
        _c.Store("team-b", "steal", AwsWithSecretRef("team-a"));
        _c.ExternalSecret("team-b", "es", Spec("steal", "SecretStore", data: [("password", "team-a/db", "password")]));

        await _c.PassAsync();

        Assert.Null(_c.TargetSecret("team-b", "es"));
        Assert.Contains("may not reference namespace 'team-a'", _c.ReadyMessage("team-b", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _sm.TotalCalls);
    }

    [Fact]
    public async Task A_cluster_secret_store_naming_a_namespace_reads_there_for_every_namespace()
    {
        _c.Store(null, "pinned", AwsWithSecretRef("team-a"));
        _c.ExternalSecret("team-b", "es", Spec("pinned", "ClusterSecretStore", data: [("password", "team-a/db", "password")]));

        await _c.PassAsync();

        Assert.Equal("team-a-password", _c.Value("team-b", "es", "password"));
        Assert.Equal([("GetSecretValue", "AKIATEAMA")], _sm.SignedBy);
    }

    [Fact]
    public async Task A_vault_cluster_secret_store_logs_in_with_the_token_secret_of_each_namespace()
    {
        await using var vault = await FakeVaultServer.StartAsync(_c.Time);
        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["password"] = "from-vault" });
        var revoked = vault.IssueToken();
        vault.RevokeToken(revoked);
        _c.Secret("team-a", "vault-token", new Dictionary<string, string> { ["token"] = vault.IssueToken() });
        _c.Secret("team-b", "vault-token", new Dictionary<string, string> { ["token"] = revoked });
        _c.Store(null, "vault", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
                ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
            },
        });
        _c.ExternalSecret("team-a", "es", Spec("vault", "ClusterSecretStore", data: [("password", "app/db", "password")]));
        _c.ExternalSecret("team-b", "es", Spec("vault", "ClusterSecretStore", data: [("password", "app/db", "password")]));

        await _c.PassAsync();

        Assert.True(_c.Value("team-a", "es", "password") == "from-vault", _c.ReadyMessage("team-a", "es"));
        Assert.Null(_c.TargetSecret("team-b", "es")); // its own (revoked) token, never team-a's client
        Assert.Equal("False", _c.ReadyStatus("team-b", "es"));
        Assert.DoesNotContain(revoked, _c.ReadyMessage("team-b", "es"), StringComparison.Ordinal);
    }
}
