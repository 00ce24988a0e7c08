using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Time;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// The agent pod's own AWS identity from its environment (IRSA's projected token file and role, or static keys), used
/// by a ClusterSecretStore without <c>auth</c> and never by a SecretStore, against the STS and Secrets Manager fakes.
/// </summary>
public sealed class AwsAgentIdentityTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/secretskit-agent";
    private FakeSecretsManagerServer _sm = null!;
    private FakeStsServer _sts = null!;
    private AgentCluster _c = null!;
    private readonly string _tokenFile = Path.GetTempFileName();

    public async Task InitializeAsync()
    {
        _sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        _sts = await FakeStsServer.StartAsync("eu-west-1", new ManualTimeProvider());
        _sm.PutSecret("prod/db", """{"password":"from-aws"}""");
    }

    public async Task DisposeAsync()
    {
        if (_c is not null) await _c.DisposeAsync();
        await _sts.DisposeAsync();
        await _sm.DisposeAsync();
        File.Delete(_tokenFile);
    }

    private async Task StartAsync(Dictionary<string, string> environment)
    {
        _c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions
        {
            Retry = new CloudRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) },
            AwsEndpoints = new Dictionary<string, Uri> { ["SecretsManager"] = _sm.BaseAddress, ["STS"] = _sts.BaseAddress },
            Ambient = new KeySourceContext(new MapEnvironment(environment, "/nonexistent", "/"), KeySourceContext.System.Processes, TimeProvider.System),
        });
        _c.Namespace("team-a");
    }

    private void Store(string? ns)
    {
        _c.Store(ns, "aws", new JsonObject { ["aws"] = new JsonObject { ["service"] = "SecretsManager", ["region"] = "eu-west-1" } });
        _c.ExternalSecret("team-a", "es", Spec("aws", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "prod/db", "password")]));
    }

    private async Task StartWithProjectedTokenAsync()
    {
        await StartAsync(new Dictionary<string, string> { ["AWS_WEB_IDENTITY_TOKEN_FILE"] = _tokenFile, ["AWS_ROLE_ARN"] = RoleArn });
        var issuer = _c.Server.TokenRequests.Issuer;
        await File.WriteAllTextAsync(_tokenFile, issuer.Mint("secretskit", "secretskit-agent", "uid-agent", ["sts.amazonaws.com"], TimeSpan.FromHours(1)));
        _sts.AddWebIdentityRole(RoleArn, issuer, "secretskit", "secretskit-agent", "ASIAAGENT", "agent-secret");
        _sm.ExpectCredentials("ASIAAGENT", "agent-secret");
    }

    [Fact]
    public async Task A_cluster_secret_store_without_auth_assumes_the_agents_role_with_its_projected_token_file()
    {
        await StartWithProjectedTokenAsync();
        Store(null);

        await _c.PassAsync();

        Assert.Equal("from-aws", _c.Value("team-a", "es", "password"));
        var call = Assert.Single(_sts.Calls);
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, 200), (call.Action, call.RoleArn, call.Status));
        Assert.Equal("system:serviceaccount:secretskit:secretskit-agent", call.Subject);
        Assert.Empty(_c.Server.TokenRequests.Log); // the agent's own token: nothing minted for a tenant
    }

    [Fact]
    public async Task A_secret_store_without_auth_is_refused_even_though_the_agent_has_a_projected_token()
    {
        await StartWithProjectedTokenAsync();
        Store("team-a");

        await _c.PassAsync();

        Assert.Contains("only a ClusterSecretStore may use the agent's own AWS identity", _c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Empty(_sts.Calls);
        Assert.Equal(0, _sm.TotalCalls);
    }

    [Fact]
    public async Task A_cluster_secret_store_without_auth_signs_with_the_agents_static_environment_keys()
    {
        await StartAsync(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAAGENTSTATIC", ["AWS_SECRET_ACCESS_KEY"] = "agent-static-secret" });
        _sm.ExpectCredentials("AKIAAGENTSTATIC", "agent-static-secret");
        Store(null);

        await _c.PassAsync();

        Assert.Equal("from-aws", _c.Value("team-a", "es", "password"));
        Assert.Empty(_sts.Calls);
    }
}
