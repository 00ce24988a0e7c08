using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests.Config;

public sealed class ExecAndInClusterTests
{
    private static MapEnvironment Env(TempDir dir, Dictionary<string, string>? extra = null)
    {
        var vars = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
        foreach (var (k, v) in extra ?? []) vars[k] = v;
        return new MapEnvironment(vars, dir.Path, dir.Path);
    }

    /// <summary>A real plugin: prints an ExecCredential whose token is read from token.txt, logs each run and its inputs.</summary>
    private static string WritePlugin(TempDir dir, string expiration = "2099-01-01T00:00:00Z", int exitCode = 0)
    {
        var script = dir.File("kube-login.sh");
        File.WriteAllText(script, $$$"""
            #!/bin/sh
            echo "run args=$1 $2 region=$PLUGIN_REGION" >> "{{{dir.File("runs.log")}}}"
            printf '%s' "$KUBERNETES_EXEC_INFO" > "{{{dir.File("exec-info.json")}}}"
            if [ {{{exitCode}}} -ne 0 ]; then echo "login required: run kube-login" >&2; exit {{{exitCode}}}; fi
            TOKEN=$(cat "{{{dir.File("token.txt")}}}")
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"{{{expiration}}}"}}' "$TOKEN"
            """.Replace("\r", "", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    private static string ExecKubeconfig(FakeKubeApiServer server, string command) => $"""
        apiVersion: v1
        kind: Config
        current-context: main
        clusters:
        - name: c1
          cluster:
            server: {server.BaseAddress}
            certificate-authority-data: {TestCertificates.B64(server.ServerCertificatePem!)}
        users:
        - name: u1
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1
              command: {command}
              args: ["--cluster", "prod"]
              env:
              - name: PLUGIN_REGION
                value: eu-west-1
              interactiveMode: Never
        contexts:
        - name: main
          context: {"{"}cluster: c1, user: u1{"}"}
        """;

    [Fact]
    public async Task Exec_plugin_token_is_used_cached_until_expiry_and_rerun_after_401()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("token.txt"), "exec-token-1");
        server.AcceptToken("exec-token-1");
        WritePlugin(dir);
        var path = dir.File("config");
        File.WriteAllText(path, ExecKubeconfig(server, "./kube-login.sh"));

        var config = KubeConfigLoader.Load(Env(dir, new() { ["KUBECONFIG"] = path }));
        var exec = Assert.IsType<ExecCredentialSource>(config.Credentials);
        using var client = new KubernetesClient(config);
        await client.ListAsync(ResourceTypes.Namespace, null);
        await client.ListAsync(ResourceTypes.Namespace, null);
        Assert.Equal(1, exec.Invocations);
        Assert.Equal("run args=--cluster prod region=eu-west-1", File.ReadAllLines(dir.File("runs.log")).Single());
        Assert.Contains("\"kind\":\"ExecCredential\"", File.ReadAllText(dir.File("exec-info.json")), StringComparison.Ordinal);

        // the token rotates server-side: the cached one now gets 401, the plugin runs again, the request succeeds
        File.WriteAllText(dir.File("token.txt"), "exec-token-2");
        server.RevokeToken("exec-token-1");
        server.AcceptToken("exec-token-2");
        await client.ListAsync(ResourceTypes.Namespace, null);
        Assert.Equal(2, exec.Invocations);
        exec.Dispose();
    }

    [Fact]
    public async Task Exec_plugin_credential_past_its_expiration_is_refreshed_before_use()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("token.txt"), "short-lived");
        server.AcceptToken("short-lived");
        WritePlugin(dir, expiration: "2000-01-01T00:00:00Z");
        var path = dir.File("config");
        File.WriteAllText(path, ExecKubeconfig(server, dir.File("kube-login.sh")));
        var config = KubeConfigLoader.Load(Env(dir, new() { ["KUBECONFIG"] = path }));
        using var client = new KubernetesClient(config);
        await client.ListAsync(ResourceTypes.Namespace, null);
        await client.ListAsync(ResourceTypes.Namespace, null);
        Assert.Equal(2, ((ExecCredentialSource)config.Credentials!).Invocations);
    }

    [Fact]
    public async Task Failing_exec_plugin_gives_a_config_error_with_its_exit_code()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        using var dir = new TempDir();
        WritePlugin(dir, exitCode: 3);
        var path = dir.File("config");
        File.WriteAllText(path, ExecKubeconfig(server, dir.File("kube-login.sh")));
        using var client = new KubernetesClient(KubeConfigLoader.Load(Env(dir, new() { ["KUBECONFIG"] = path })));
        var e = await Assert.ThrowsAsync<KubernetesConfigException>(() => client.ListAsync(ResourceTypes.Namespace, null));
        Assert.Contains("exited with code 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("login required", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_plugin_client_certificate_authenticates_over_mtls()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        var cert = TestCertificates.Ec("exec-user");
        server.AcceptClientCertificate(cert.Certificate);
        using var dir = new TempDir();
        var credential = new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "client.authentication.k8s.io/v1",
            ["kind"] = "ExecCredential",
            ["status"] = new System.Text.Json.Nodes.JsonObject { ["clientCertificateData"] = cert.CertPem, ["clientKeyData"] = cert.KeyPem },
        };
        File.WriteAllText(dir.File("credential.json"), credential.ToJsonString());
        var script = dir.File("cert-plugin.sh");
        File.WriteAllText(script, $"#!/bin/sh\ncat \"{dir.File("credential.json")}\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = dir.File("config");
        File.WriteAllText(path, ExecKubeconfig(server, script));
        using var client = new KubernetesClient(KubeConfigLoader.Load(Env(dir, new() { ["KUBECONFIG"] = path })));
        Assert.NotEmpty((await client.ListAsync(ResourceTypes.Namespace, null)).Items);
        Assert.DoesNotContain(server.Requests, r => r.StatusCode == 401);
    }

    private static (TempDir Dir, MapEnvironment Env) ServiceAccount(FakeKubeApiServer server, string token)
    {
        var dir = new TempDir();
        File.WriteAllText(dir.File("token"), token);
        File.WriteAllText(dir.File("ca.crt"), server.ServerCertificatePem!);
        File.WriteAllText(dir.File("namespace"), "secretskit-system\n");
        var env = Env(dir, new()
        {
            ["KUBERNETES_SERVICE_HOST"] = "127.0.0.1",
            ["KUBERNETES_SERVICE_PORT"] = server.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        return (dir, env);
    }

    [Fact]
    public async Task In_cluster_config_follows_a_rotated_service_account_token_file()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("sa-token-1");
        var (dir, env) = ServiceAccount(server, "sa-token-1");
        using var _ = dir;
        Assert.True(InClusterConfig.IsInCluster(env, dir.Path));
        var config = InClusterConfig.Load(env, dir.Path);
        Assert.Equal("secretskit-system", config.Namespace);
        using var client = new KubernetesClient(config);
        await client.CreateAsync(ResourceTypes.ConfigMap, KubeObjectMetadata.New(ResourceTypes.ConfigMap, "cm"));
        Assert.NotNull(server.TryGet(FakeResourceType.ConfigMap, "secretskit-system", "cm"));

        // the kubelet rotates the bound token: new content, new modification time; the old token stops working
        File.WriteAllText(dir.File("token"), "sa-token-2");
        File.SetLastWriteTimeUtc(dir.File("token"), DateTime.UtcNow.AddMinutes(1));
        server.RevokeToken("sa-token-1");
        server.AcceptToken("sa-token-2");
        await client.GetAsync(ResourceTypes.ConfigMap, null, "cm");
        Assert.DoesNotContain(server.Requests, r => r.StatusCode == 401);
    }

    [Fact]
    public async Task Token_file_reread_after_401_even_when_the_modification_time_did_not_change()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("sa-token-1");
        var (dir, env) = ServiceAccount(server, "sa-token-1");
        using var _ = dir;
        var stamp = File.GetLastWriteTimeUtc(dir.File("token"));
        using var client = new KubernetesClient(InClusterConfig.Load(env, dir.Path));
        await client.ListAsync(ResourceTypes.ConfigMap, "secretskit-system");

        File.WriteAllText(dir.File("token"), "sa-token-2");
        File.SetLastWriteTimeUtc(dir.File("token"), stamp);
        server.RevokeToken("sa-token-1");
        server.AcceptToken("sa-token-2");
        await client.ListAsync(ResourceTypes.ConfigMap, "secretskit-system");
        Assert.Single(server.Requests, r => r.StatusCode == 401);
    }

    [Fact]
    public void In_cluster_config_outside_a_cluster_is_a_config_error()
    {
        using var dir = new TempDir();
        Assert.False(InClusterConfig.IsInCluster(Env(dir), dir.Path));
        Assert.Throws<KubernetesConfigException>(() => InClusterConfig.Load(Env(dir), dir.Path));
    }
}
