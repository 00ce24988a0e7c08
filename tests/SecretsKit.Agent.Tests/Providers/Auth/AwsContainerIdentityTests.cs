using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.Container;
using SecretsKit.Testing.Common;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers.Auth;

/// <summary>
/// The agent pod's EKS Pod Identity (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> + <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>,
/// the pod's projected token for <c>pods.eks.amazonaws.com</c>) as the ambient identity of a ClusterSecretStore without
/// <c>auth</c>, against the container credentials fake (which verifies the token) and Secrets Manager; never lent to a
/// SecretStore, and after IRSA in the SDK's order.
/// </summary>
public sealed class AwsContainerIdentityTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/secretskit-agent";
    private readonly TempDir _dir = new();
    private FakeContainerCredentialsServer _pod = null!;
    private AwsAuthFakes _fakes = null!;

    public async Task InitializeAsync() => _pod = await FakeContainerCredentialsServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_fakes is not null) await _fakes.DisposeAsync();
        await _pod.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<AgentCluster> StartAsync(Dictionary<string, string>? extra = null)
    {
        var tokenFile = _dir.File("eks-pod-identity-token");
        var environment = new Dictionary<string, string>
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = _pod.FullUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile,
        };
        foreach (var (k, v) in extra ?? []) environment[k] = v;
        _fakes = await AwsAuthFakes.StartAsync(environment);
        var c = _fakes.Cluster;
        var issuer = c.Server.TokenRequests.Issuer;
        await File.WriteAllTextAsync(tokenFile, issuer.Mint("secretskit", "secretskit-agent", "uid-agent", [FakeContainerCredentialsServer.PodIdentityAudience], TimeSpan.FromHours(1)));
        _pod.AddPodIdentity(issuer, "secretskit", "secretskit-agent", "ASIAPODIDENTITY", "pod-identity-secret");
        _fakes.Sm.ExpectCredentials("ASIAPODIDENTITY", "pod-identity-secret");
        _fakes.Sm.PutSecret("prod/db", """{"password":"from-pod-identity"}""");
        c.Namespace("team-a");
        return c;
    }

    private static void Store(AgentCluster c, string? ns)
    {
        c.Store(ns, "aws", new JsonObject { ["aws"] = new JsonObject { ["service"] = "SecretsManager", ["region"] = "eu-west-1" } });
        c.ExternalSecret("team-a", "es", Spec("aws", storeKind: ns is null ? "ClusterSecretStore" : "SecretStore", data: [("password", "prod/db", "password")]));
    }

    [Fact]
    public async Task A_cluster_secret_store_without_auth_signs_with_the_pod_identity_credentials_fetched_with_the_token_file()
    {
        var c = await StartAsync();
        Store(c, null);

        await c.PassAsync();

        Assert.True(c.Value("team-a", "es", "password") == "from-pod-identity", c.ReadyMessage("team-a", "es"));
        var call = Assert.Single(_pod.Calls);
        Assert.Equal((FakeContainerCredentialsServer.PodIdentityPath, "system:serviceaccount:secretskit:secretskit-agent", 200), (call.Path, call.Subject, call.Status));
        Assert.Equal([("GetSecretValue", "ASIAPODIDENTITY")], _fakes.Sm.SignedBy);
        Assert.Empty(_fakes.Sts.Calls);
        Assert.Empty(c.Server.TokenRequests.Log); // the pod's own projected token: nothing minted for a tenant
    }

    [Fact]
    public async Task A_secret_store_without_auth_never_gets_the_agents_pod_identity()
    {
        var c = await StartAsync();
        Store(c, "team-a");

        await c.PassAsync();

        Assert.Contains("only a ClusterSecretStore may use the agent's own AWS identity", c.ReadyMessage("team-a", "es"), StringComparison.Ordinal);
        Assert.Equal(0, _pod.TotalCalls);
        Assert.Equal(0, _fakes.Sm.TotalCalls);
    }

    [Fact]
    public async Task A_pod_identity_token_for_another_audience_is_refused_by_the_endpoint_and_the_condition_says_so_without_the_token()
    {
        var c = await StartAsync();
        var wrong = c.Server.TokenRequests.Issuer.Mint("secretskit", "secretskit-agent", "uid-agent", ["sts.amazonaws.com"], TimeSpan.FromHours(1));
        await File.WriteAllTextAsync(_dir.File("eks-pod-identity-token"), wrong);
        Store(c, null);

        await c.PassAsync();

        Assert.Null(c.TargetSecret("team-a", "es"));
        var message = c.ReadyMessage("team-a", "es");
        Assert.Contains("aws-container-credentials", message, StringComparison.Ordinal);
        Assert.Contains("401", message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, message, StringComparison.Ordinal);
        Assert.Equal(0, _fakes.Sm.TotalCalls);
    }

    [Fact]
    public async Task Irsa_comes_before_the_container_endpoint_as_in_the_sdk()
    {
        var irsaToken = _dir.File("irsa-token");
        var c = await StartAsync(new() { ["AWS_WEB_IDENTITY_TOKEN_FILE"] = irsaToken, ["AWS_ROLE_ARN"] = RoleArn });
        var issuer = c.Server.TokenRequests.Issuer;
        await File.WriteAllTextAsync(irsaToken, issuer.Mint("secretskit", "secretskit-agent", "uid-agent", ["sts.amazonaws.com"], TimeSpan.FromHours(1)));
        _fakes.Sts.AddWebIdentityRole(RoleArn, issuer, "secretskit", "secretskit-agent", "ASIAIRSA", "irsa-secret");
        _fakes.Sm.AlsoAcceptCredentials("ASIAIRSA", "irsa-secret");
        Store(c, null);

        await c.PassAsync();

        Assert.Equal("from-pod-identity", c.Value("team-a", "es", "password"));
        Assert.Equal([("GetSecretValue", "ASIAIRSA")], _fakes.Sm.SignedBy);
        Assert.Equal(0, _pod.TotalCalls);
    }
}
