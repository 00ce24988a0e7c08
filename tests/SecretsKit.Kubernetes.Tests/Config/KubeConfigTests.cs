using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests.Config;

public sealed class KubeConfigTests
{
    private static MapEnvironment Env(TempDir dir, string? kubeconfig = null)
    {
        var vars = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };
        if (kubeconfig is not null) vars["KUBECONFIG"] = kubeconfig;
        return new MapEnvironment(vars, dir.Path, dir.Path);
    }

    private static string Kubeconfig(string server, string userBody, string? caData = null, string extraCluster = "", string ns = "team-a") => $"""
        apiVersion: v1
        kind: Config
        current-context: main
        clusters:
        - name: c1
          cluster:
            server: {server}
        {(caData is null ? "" : $"    certificate-authority-data: {caData}\n")}{extraCluster}
        users:
        - name: u1
          user:
        {userBody}
        contexts:
        - name: main
          context:
            cluster: c1
            user: u1
            namespace: {ns}
        - name: other
          context:
            cluster: c1
            user: u1
        """;

    [Fact]
    public async Task Token_kubeconfig_over_https_with_certificate_authority_data_reaches_the_server()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        server.AcceptToken("kc-token");
        using var dir = new TempDir();
        var path = dir.File("config");
        File.WriteAllText(path, Kubeconfig(server.BaseAddress.ToString(), "    token: kc-token", TestCertificates.B64(server.ServerCertificatePem!)));

        var config = KubeConfigLoader.Load(Env(dir, path));
        Assert.Equal("team-a", config.Namespace);
        Assert.False(config.InsecureSkipTlsVerify);
        Assert.IsType<StaticTokenCredentialSource>(config.Credentials);
        using var client = new KubernetesClient(config);
        var list = await client.ListAsync(ResourceTypes.Namespace, null);
        Assert.Contains(list.Items, n => n.GetName() == "default");
    }

    [Fact]
    public async Task Server_certificate_not_signed_by_the_configured_ca_is_rejected()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        await using var other = await FakeKubeApiServer.StartAsync(https: true);
        using var dir = new TempDir();
        var path = dir.File("config");
        File.WriteAllText(path, Kubeconfig(server.BaseAddress.ToString(), "    {}", TestCertificates.B64(other.ServerCertificatePem!)));
        using var client = new KubernetesClient(KubeConfigLoader.Load(Env(dir, path)));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListAsync(ResourceTypes.Namespace, null));
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_is_honoured_only_when_set()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        using var dir = new TempDir();
        var path = dir.File("config");
        File.WriteAllText(path, Kubeconfig(server.BaseAddress.ToString(), "    {}", extraCluster: "    insecure-skip-tls-verify: true\n"));
        var config = KubeConfigLoader.Load(Env(dir, path));
        Assert.True(config.InsecureSkipTlsVerify);
        using var client = new KubernetesClient(config);
        Assert.NotEmpty((await client.ListAsync(ResourceTypes.Namespace, null)).Items);
    }

    [Fact]
    public async Task Client_certificate_data_rsa_and_client_certificate_files_ec_authenticate_over_mtls()
    {
        await using var server = await FakeKubeApiServer.StartAsync(https: true);
        var rsa = TestCertificates.Rsa("rsa-user");
        var ec = TestCertificates.Ec("ec-user");
        server.AcceptClientCertificate(rsa.Certificate);
        server.AcceptClientCertificate(ec.Certificate);
        using var dir = new TempDir();
        var ca = TestCertificates.B64(server.ServerCertificatePem!);

        var rsaPath = dir.File("rsa.yaml");
        File.WriteAllText(rsaPath, Kubeconfig(server.BaseAddress.ToString(),
            $"    client-certificate-data: {TestCertificates.B64(rsa.CertPem)}\n    client-key-data: {TestCertificates.B64(rsa.KeyPem)}", ca));
        using (var client = new KubernetesClient(KubeConfigLoader.Load(Env(dir, rsaPath))))
        {
            Assert.NotEmpty((await client.ListAsync(ResourceTypes.Namespace, null)).Items);
        }

        File.WriteAllText(dir.File("ec.crt"), ec.CertPem);
        File.WriteAllText(dir.File("ec.key"), ec.KeyPem);
        var ecPath = dir.File("ec.yaml");
        File.WriteAllText(ecPath, Kubeconfig(server.BaseAddress.ToString(), "    client-certificate: ec.crt\n    client-key: ec.key", ca));
        var ecConfig = KubeConfigLoader.Load(Env(dir, ecPath));
        Assert.Equal(ec.Certificate.Thumbprint, ecConfig.ClientCertificate!.Thumbprint);
        using (var client = new KubernetesClient(ecConfig))
        {
            Assert.NotEmpty((await client.ListAsync(ResourceTypes.Namespace, null)).Items);
        }

        // without a certificate the same server says 401
        var anonPath = dir.File("anon.yaml");
        File.WriteAllText(anonPath, Kubeconfig(server.BaseAddress.ToString(), "    {}", ca));
        using var anon = new KubernetesClient(KubeConfigLoader.Load(Env(dir, anonPath)));
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => anon.ListAsync(ResourceTypes.Namespace, null));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.StatusCode);
    }

    [Fact]
    public void Multiple_kubeconfig_files_merge_first_wins_and_explicit_context_is_selectable()
    {
        using var dir = new TempDir();
        var first = dir.File("a.yaml");
        var second = dir.File("b.yaml");
        File.WriteAllText(first, """
            clusters:
            - name: c1
              cluster:
                server: https://first.example:6443
            users:
            - name: u1
              user:
                token: first-token
            """);
        File.WriteAllText(second, """
            current-context: ctx2
            clusters:
            - name: c1
              cluster:
                server: https://ignored.example:6443
            - name: c2
              cluster:
                server: https://second.example:443
            users:
            - name: u1
              user:
                token: ignored
            contexts:
            - name: ctx1
              context: {cluster: c1, user: u1, namespace: one}
            - name: ctx2
              context: {cluster: c2, user: u1}
            """);
        var env = Env(dir, $"{first}{Path.PathSeparator}{dir.File("missing.yaml")}{Path.PathSeparator}{second}");
        var model = KubeConfigLoader.LoadModel(env);
        Assert.Equal("https://first.example:6443", model.Clusters["c1"].Server);
        Assert.Equal("first-token", model.Users["u1"].Token);

        var current = KubeConfigLoader.Build(model, null, env);
        Assert.Equal(new Uri("https://second.example:443"), current.Server);
        Assert.Equal("default", current.Namespace);
        var explicitContext = KubeConfigLoader.Build(model, "ctx1", env);
        Assert.Equal(new Uri("https://first.example:6443"), explicitContext.Server);
        Assert.Equal("one", explicitContext.Namespace);

        var e = Assert.Throws<KubernetesConfigException>(() => KubeConfigLoader.Build(model, "nope", env));
        Assert.Contains("ctx1", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("first-token", model.Users["u1"].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void KUBECONFIG_naming_only_missing_files_is_an_error_naming_them()
    {
        using var dir = new TempDir();
        var missing = dir.File("nope/config");

        var e = Assert.Throws<KubernetesConfigException>(() => KubeConfigLoader.Load(Env(dir, missing + ":" + "other.yaml")));

        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains(dir.File("other.yaml"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Home_kube_config_is_used_when_KUBECONFIG_is_unset()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File(".kube"));
        File.WriteAllText(dir.File(".kube/config"), Kubeconfig("https://home.example:6443", "    tokenFile: token.txt"));
        File.WriteAllText(dir.File(".kube/token.txt"), "from-file\n");
        var config = KubeConfigLoader.Load(Env(dir));
        Assert.Equal(new Uri("https://home.example:6443"), config.Server);
        var source = Assert.IsType<TokenFileCredentialSource>(config.Credentials);
        Assert.Equal(dir.File(".kube/token.txt"), source.Path);
    }

    [Fact]
    public void Invalid_yaml_and_missing_files_give_config_errors_naming_the_file()
    {
        using var dir = new TempDir();
        var path = dir.File("broken.yaml");
        File.WriteAllText(path, "clusters: [\n  - {name: x");
        var e = Assert.Throws<KubernetesConfigException>(() => KubeConfigLoader.Load(Env(dir, path)));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Throws<KubernetesConfigException>(() => KubeConfigLoader.Load(Env(dir, dir.File("none.yaml"))));
    }

    [Fact]
    public void Plain_scalars_are_typed_as_kubectl_types_them()
    {
        // sigs.k8s.io/yaml (go-yaml v2, then JSON): on is a boolean, Null is null (absent)
        var model = KubeConfigParser.Parse("""
            clusters:
            - name: c1
              cluster: {server: https://k.example, insecure-skip-tls-verify: on, tls-server-name: Null}
            contexts:
            - name: ctx
              context: {cluster: c1, user: u1, namespace: NULL}
            """, "/tmp", "test");
        Assert.True(model.Clusters["c1"].InsecureSkipTlsVerify);
        Assert.Null(model.Clusters["c1"].TlsServerName);
        Assert.Null(model.Contexts["ctx"].Namespace);
    }
}
