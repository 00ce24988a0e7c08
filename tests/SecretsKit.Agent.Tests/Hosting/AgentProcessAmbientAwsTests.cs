using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.Container;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The agent pod's own AWS identity through the real agent process: the IRSA environment the EKS webhook injects
/// (<c>AWS_ROLE_ARN</c>, <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>), or EKS Pod Identity's (<c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c>,
/// <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>), and ESO's endpoint variables point it at the STS, container
/// credentials and Secrets Manager fakes; a ClusterSecretStore without <c>auth</c> syncs with the credentials they gave
/// for the pod's projected token.
/// </summary>
public sealed class AgentProcessAmbientAwsTests : IAsyncLifetime
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/secretskit-agent";
    private readonly TempDir _home = new();
    private FakeKubeApiServer _server = null!;
    private FakeStsServer _sts = null!;
    private FakeSecretsManagerServer _sm = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) _server.InstallCrd((JsonObject)crd.DeepClone());
        _sts = await FakeStsServer.StartAsync("eu-west-1");
        _sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        _sm.PutSecret("prod/db", """{"password":"from-aws"}""");
        _server.Create(FakeResourceType.ClusterSecretStore, null, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = new JsonObject { ["name"] = "aws" },
            ["spec"] = new JsonObject { ["provider"] = new JsonObject { ["aws"] = new JsonObject { ["service"] = "SecretsManager", ["region"] = "eu-west-1" } } },
        });
        _server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "es", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("aws", "ClusterSecretStore", data: [("password", "prod/db", "password")]),
        });
    }

    public async Task DisposeAsync()
    {
        await _sm.DisposeAsync();
        await _sts.DisposeAsync();
        await _server.DisposeAsync();
        _home.Dispose();
    }

    /// <summary>The pod's projected token for <paramref name="audience"/>, in a file as the kubelet mounts it.</summary>
    private async Task<string> ProjectedTokenAsync(string audience)
    {
        var file = Path.Combine(_home.Path, "token-" + audience);
        await File.WriteAllTextAsync(file, _server.TokenRequests.Issuer.Mint("secretskit", "secretskit-agent", "uid-agent", [audience], TimeSpan.FromHours(1)));
        return file;
    }

    /// <summary>Runs <c>secretskit-agent --once</c> with only <paramref name="identity"/> as its AWS identity and checks the ExternalSecret synced.</summary>
    private async Task RunAgentAndExpectSyncAsync(Dictionary<string, string?> identity)
    {
        var env = new Dictionary<string, string?>
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(_server, _home.Path),
            ["AWS_STS_ENDPOINT"] = _sts.BaseAddress.ToString(),
            ["AWS_SECRETSMANAGER_ENDPOINT"] = _sm.BaseAddress.ToString(),
        };
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE",
                     "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE" })
        {
            env[name] = identity.GetValueOrDefault(name);
        }
        await using var agent = AgentProcess.Start(_home.Path, env, "--once");

        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, agent.Stdout + "\n" + agent.Stderr);
        Assert.Equal("default/es: Ready SecretSynced -> Secret default/es (keys: password)\n1 of 1 ExternalSecrets synced", agent.Stdout);
        Assert.Equal("from-aws", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            _server.TryGet(FakeResourceType.Secret, "default", "es")!["data"]!["password"]!.GetValue<string>())));
        Assert.Empty(_server.TokenRequests.Log); // the pod's own token: nothing minted for a tenant
    }

    [Fact]
    public async Task The_agent_process_assumes_its_irsa_role_from_the_environment_for_a_cluster_secret_store_without_auth()
    {
        _sts.AddWebIdentityRole(RoleArn, _server.TokenRequests.Issuer, "secretskit", "secretskit-agent", "ASIAAGENTPOD", "agent-pod-secret");
        _sm.ExpectCredentials("ASIAAGENTPOD", "agent-pod-secret");

        await RunAgentAndExpectSyncAsync(new() { ["AWS_ROLE_ARN"] = RoleArn, ["AWS_WEB_IDENTITY_TOKEN_FILE"] = await ProjectedTokenAsync("sts.amazonaws.com") });

        var call = Assert.Single(_sts.Calls);
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, "system:serviceaccount:secretskit:secretskit-agent", 200), (call.Action, call.RoleArn, call.Subject, call.Status));
        Assert.Equal([("GetSecretValue", "ASIAAGENTPOD")], _sm.SignedBy);
    }

    [Fact]
    public async Task The_agent_process_fetches_its_eks_pod_identity_credentials_with_the_token_file_for_a_cluster_secret_store_without_auth()
    {
        await using var pod = await FakeContainerCredentialsServer.StartAsync();
        pod.AddPodIdentity(_server.TokenRequests.Issuer, "secretskit", "secretskit-agent", "ASIAPODIDENTITY", "pod-identity-secret");
        _sm.ExpectCredentials("ASIAPODIDENTITY", "pod-identity-secret");

        await RunAgentAndExpectSyncAsync(new()
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = pod.FullUri.ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = await ProjectedTokenAsync(FakeContainerCredentialsServer.PodIdentityAudience),
        });

        var call = Assert.Single(pod.Calls);
        Assert.Equal((FakeContainerCredentialsServer.PodIdentityPath, "system:serviceaccount:secretskit:secretskit-agent", 200), (call.Path, call.Subject, call.Status));
        Assert.Empty(_sts.Calls);
        Assert.Equal([("GetSecretValue", "ASIAPODIDENTITY")], _sm.SignedBy);
    }
}
