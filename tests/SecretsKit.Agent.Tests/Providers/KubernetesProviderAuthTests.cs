using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;
using static SecretsKit.Agent.Tests.Providers.KubernetesProviderTests;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// The kubernetes provider's other ways in, as ESO v2.9 has them: <c>auth.serviceAccount</c> (a token minted with the
/// local API server's TokenRequest API, which the remote cluster fake verifies as a JWT authenticator for that issuer)
/// and <c>authRef</c> (a kubeconfig in a Secret, which must carry its credentials inline); and the rules around them.
/// </summary>
public sealed class KubernetesProviderAuthTests
{
    private const string Audience = "https://remote.example";

    private static JsonObject ServiceAccountAuth(string name, string? ns = null)
    {
        var account = new JsonObject { ["name"] = name, ["audiences"] = new JsonArray(Audience) };
        if (ns is not null) account["namespace"] = ns;
        return new JsonObject { ["serviceAccount"] = account };
    }

    [Fact]
    public async Task Kubernetes_store_authenticates_as_a_local_service_account_with_a_minted_token()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        c.Server.ServiceAccount("default", "reader");
        remote.TrustIssuer(c.Server.TokenRequests.Issuer, Audience);
        c.Store("default", "remote", Provider(remote, ServiceAccountAuth("reader")));
        c.ExternalSecret("default", "copy", Spec("remote", data: [("user", "db", "username")]));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "copy") == "True", c.ReadyMessage("default", "copy"));
        Assert.Equal("app", c.Value("default", "copy", "user"));
        var minted = Assert.Single(c.Server.TokenRequests.Log);
        Assert.Equal("default", minted.Namespace);
        Assert.Equal("reader", minted.ServiceAccount);
        Assert.Equal(3600L, minted.ExpirationSeconds);
        Assert.Equal([Audience], minted.Audiences);
        Assert.Contains("system:serviceaccount:default:reader", remote.JwtSubjects);
    }

    [Fact]
    public async Task A_secret_store_naming_another_namespaces_service_account_gets_no_token_and_two_auth_methods_are_refused()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        c.Namespace("team-a");
        c.Namespace("team-b");
        c.Server.ServiceAccount("team-b", "reader");
        remote.TrustIssuer(c.Server.TokenRequests.Issuer, Audience);
        c.Store("team-a", "foreign", Provider(remote, ServiceAccountAuth("reader", "team-b")));
        var both = ServiceAccountAuth("reader");
        both["token"] = new JsonObject { ["bearerToken"] = new JsonObject { ["name"] = "remote-cred", ["key"] = "token" } };
        c.Store("team-a", "both", Provider(remote, both));
        c.ExternalSecret("team-a", "foreign", Spec("foreign", data: [("user", "db", "username")]));
        c.ExternalSecret("team-a", "both", Spec("both", data: [("user", "db", "username")]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("team-a", "foreign"));
        Assert.Contains("names a ServiceAccount of namespace 'team-b'", c.ReadyMessage("team-a", "foreign"), StringComparison.Ordinal);
        Assert.Equal("False", c.ReadyStatus("team-a", "both"));
        Assert.Contains("multiple auth methods provided: set exactly one of token, serviceAccount, or cert", c.ReadyMessage("team-a", "both"), StringComparison.Ordinal);
        Assert.Empty(c.Server.TokenRequests.Log);
        Assert.Empty(remote.JwtSubjects);
    }

    private static string Kubeconfig(FakeKubeApiServer remote, string user) => $"""
        apiVersion: v1
        kind: Config
        current-context: remote
        clusters:
        - name: remote
          cluster:
            server: {remote.BaseAddress}
            certificate-authority-data: {B64(remote.ServerCertificatePem!)}
        contexts:
        - name: remote
          context: {"{"}cluster: remote, user: reader{"}"}
        users:
        - name: reader
          user:
        {user}
        """;

    [Fact]
    public async Task Kubernetes_store_reads_with_a_self_contained_kubeconfig_from_authRef()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        c.Secret("default", "kubeconfig", new Dictionary<string, string> { ["config"] = Kubeconfig(remote, $"    token: {RemoteToken}") });
        var store = Provider(remote, new JsonObject());
        store["kubernetes"]!.AsObject().Remove("auth");
        store["kubernetes"]!.AsObject().Remove("server");
        store["kubernetes"]!["authRef"] = new JsonObject { ["name"] = "kubeconfig", ["key"] = "config" };
        c.Store("default", "remote", store);
        c.ExternalSecret("default", "copy", Spec("remote", data: [("user", "db", "username")]));

        await c.PassAsync();

        Assert.True(c.ReadyStatus("default", "copy") == "True", c.ReadyMessage("default", "copy"));
        Assert.Equal("app", c.Value("default", "copy", "user"));
    }

    [Fact]
    public async Task An_authRef_kubeconfig_with_an_exec_plugin_or_a_token_file_is_refused_and_nothing_runs_or_is_read()
    {
        await using var remote = await RemoteAsync();
        await using var c = await StartAsync();
        using var dir = new TempDir();
        var marker = dir.File("exec-ran");
        var exec = $"""
                exec:
                  apiVersion: client.authentication.k8s.io/v1
                  command: /bin/sh
                  args: ["-c", "touch {marker}"]
                  interactiveMode: Never
            """;
        var tokenFile = dir.Write("agent-token", RemoteToken); // as if the agent's own token were there
        c.Secret("default", "kc-exec", new Dictionary<string, string> { ["config"] = Kubeconfig(remote, exec) });
        c.Secret("default", "kc-file", new Dictionary<string, string> { ["config"] = Kubeconfig(remote, $"    tokenFile: {tokenFile}") });
        foreach (var name in new[] { "exec", "file" })
        {
            c.Store("default", name, new JsonObject { ["kubernetes"] = new JsonObject { ["authRef"] = new JsonObject { ["name"] = "kc-" + name, ["key"] = "config" } } });
            c.ExternalSecret("default", name, Spec(name, data: [("user", "db", "username")]));
        }

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "exec"));
        Assert.Contains("authRef: user \"reader\" has an exec plugin", c.ReadyMessage("default", "exec"), StringComparison.Ordinal);
        Assert.False(File.Exists(marker), "the tenant's exec plugin ran");
        Assert.Equal("False", c.ReadyStatus("default", "file"));
        Assert.Contains("authRef: user \"reader\" has a tokenFile", c.ReadyMessage("default", "file"), StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "file"));
    }

    [Fact]
    public async Task Kubernetes_store_pointed_at_instance_metadata_is_refused_without_a_connection()
    {
        await using var c = await StartAsync();
        c.Secret("default", "remote-cred", new Dictionary<string, string> { ["token"] = "t" });
        c.Store("default", "imds", new JsonObject
        {
            ["kubernetes"] = new JsonObject
            {
                ["server"] = new JsonObject { ["url"] = "http://169.254.169.254/" },
                ["auth"] = new JsonObject { ["token"] = new JsonObject { ["bearerToken"] = new JsonObject { ["name"] = "remote-cred", ["key"] = "token" } } },
            },
        });
        c.ExternalSecret("default", "imds", Spec("imds", data: [("user", "db", "username")]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "imds"));
        Assert.Contains("link-local address (instance metadata)", c.ReadyMessage("default", "imds"), StringComparison.Ordinal);
    }
}
