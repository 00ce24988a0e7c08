using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Sts;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The agent pod's own AWS identity through the real agent process: the IRSA environment the EKS webhook injects
/// (<c>AWS_ROLE_ARN</c>, <c>AWS_WEB_IDENTITY_TOKEN_FILE</c>) and ESO's endpoint variables point it at the STS and Secrets
/// Manager fakes; a ClusterSecretStore without <c>auth</c> syncs with the credentials STS gave for the projected token.
/// </summary>
public sealed class AgentProcessAmbientAwsTests
{
    private const string RoleArn = "arn:aws:iam::111122223333:role/secretskit-agent";

    [Fact]
    public async Task The_agent_process_assumes_its_irsa_role_from_the_environment_for_a_cluster_secret_store_without_auth()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        await using var sts = await FakeStsServer.StartAsync("eu-west-1");
        await using var sm = await FakeSecretsManagerServer.StartAsync("eu-west-1");
        var issuer = server.TokenRequests.Issuer;
        var tokenFile = Path.Combine(home.Path, "token");
        await File.WriteAllTextAsync(tokenFile, issuer.Mint("secretskit", "secretskit-agent", "uid-agent", ["sts.amazonaws.com"], TimeSpan.FromHours(1)));
        sts.AddWebIdentityRole(RoleArn, issuer, "secretskit", "secretskit-agent", "ASIAAGENTPOD", "agent-pod-secret");
        sm.ExpectCredentials("ASIAAGENTPOD", "agent-pod-secret");
        sm.PutSecret("prod/db", """{"password":"from-aws"}""");
        server.Create(FakeResourceType.ClusterSecretStore, null, new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ClusterSecretStore",
            ["metadata"] = new JsonObject { ["name"] = "aws" },
            ["spec"] = new JsonObject { ["provider"] = new JsonObject { ["aws"] = new JsonObject { ["service"] = "SecretsManager", ["region"] = "eu-west-1" } } },
        });
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "es", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec("aws", "ClusterSecretStore", data: [("password", "prod/db", "password")]),
        });
        await using var agent = AgentProcess.Start(home.Path, new()
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path),
            ["AWS_ROLE_ARN"] = RoleArn,
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = tokenFile,
            ["AWS_STS_ENDPOINT"] = sts.BaseAddress.ToString(),
            ["AWS_SECRETSMANAGER_ENDPOINT"] = sm.BaseAddress.ToString(),
            ["AWS_ACCESS_KEY_ID"] = null, ["AWS_SECRET_ACCESS_KEY"] = null, ["AWS_SESSION_TOKEN"] = null, ["AWS_PROFILE"] = null,
        }, "--once");

        var code = await agent.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.True(code == 0, agent.Stdout + "\n" + agent.Stderr);
        Assert.Equal("default/es: Ready SecretSynced -> Secret default/es (keys: password)\n1 of 1 ExternalSecrets synced", agent.Stdout);
        Assert.Equal("from-aws", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(
            server.TryGet(FakeResourceType.Secret, "default", "es")!["data"]!["password"]!.GetValue<string>())));
        var call = Assert.Single(sts.Calls);
        Assert.Equal(("AssumeRoleWithWebIdentity", RoleArn, "system:serviceaccount:secretskit:secretskit-agent", 200), (call.Action, call.RoleArn, call.Subject, call.Status));
        Assert.Empty(server.TokenRequests.Log);
        Assert.Equal([("GetSecretValue", "ASIAAGENTPOD")], sm.SignedBy);
    }
}
