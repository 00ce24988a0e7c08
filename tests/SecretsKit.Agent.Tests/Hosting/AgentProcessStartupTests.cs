using System.Net;
using System.Net.Sockets;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The real agent process started the ways a new user starts it: each start-up error is one line on stderr naming
/// what is wrong plus a hint, exit code 1, never a stack trace; <c>--version</c>; the kubeconfig found as kubectl finds it.
/// </summary>
public sealed class AgentProcessStartupTests
{
    private static Task<(int Code, string Stdout, string Stderr)> RunAsync(string home, Dictionary<string, string?> env, params string[] args) =>
        AgentProcess.RunAsync(home, env, args);

    private static void AssertOneLineError(int code, string stderr, string expected)
    {
        Assert.Equal(1, code);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("secretskit-agent: ", line, StringComparison.Ordinal);
        Assert.True(line.Contains(expected, StringComparison.Ordinal), line);
        Assert.Contains("; ", line, StringComparison.Ordinal); // the hint
        Assert.DoesNotContain("Unhandled", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_kubeconfig_outside_a_cluster_is_one_line_and_exit_1()
    {
        using var home = new TempDir();

        var (code, stdout, stderr) = await RunAsync(home.Path, []);

        AssertOneLineError(code, stderr, $"no kubeconfig: {home.Path}/.kube/config does not exist, KUBECONFIG is not set and this is not a pod");
        Assert.Contains("pass --kubeconfig FILE or set KUBECONFIG", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task Missing_kubeconfig_flag_file_is_one_line_and_exit_1()
    {
        using var home = new TempDir();

        var (code, _, stderr) = await RunAsync(home.Path, [], "--kubeconfig", Path.Combine(home.Path, "nope.yaml"));

        AssertOneLineError(code, stderr, $"kubeconfig {home.Path}/nope.yaml (--kubeconfig) does not exist");
    }

    [Fact]
    public async Task Kubeconfig_that_is_not_yaml_is_one_line_and_exit_1()
    {
        using var home = new TempDir();
        var path = Path.Combine(home.Path, "bad.yaml");
        await File.WriteAllTextAsync(path, "clusters: [\n  - name: x\n  cluster: {\n");

        var (code, _, stderr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = path });

        Assert.Equal(1, code);
        Assert.StartsWith($"secretskit-agent: kubeconfig {path} is not valid YAML", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Unknown_context_is_one_line_naming_the_known_ones_and_exit_1()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();

        var (code, _, stderr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) }, "--context", "prod");

        Assert.Equal(1, code);
        Assert.Equal("secretskit-agent: context \"prod\" is not in the kubeconfig (known: fake)", stderr.Trim());
    }

    [Fact]
    public async Task Unreachable_api_server_outside_a_cluster_is_one_line_and_exit_1()
    {
        using var home = new TempDir();
        string kubeconfig;
        Uri address;
        await using (var server = await FakeKubeApiServer.StartAsync())
        {
            kubeconfig = AgentProcess.Kubeconfig(server, home.Path);
            address = server.BaseAddress;
        }

        var (code, _, stderr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = kubeconfig });

        AssertOneLineError(code, stderr, $"cannot reach the Kubernetes API server at {address.GetLeftPart(UriPartial.Authority)}");
        Assert.Contains("are --context / --kubeconfig the ones you meant?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejected_credentials_are_one_line_and_exit_1()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        server.AcceptToken("the-right-token");

        var (code, _, stderr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = server.WriteKubeconfig(Path.Combine(home.Path, "kc"), "a-wrong-token") });

        AssertOneLineError(code, stderr, "refused the agent: Kubernetes API get leases.coordination.k8s.io default/secretskit-agent-leader failed with 401");
        Assert.DoesNotContain("a-wrong-token", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_port_in_use_is_one_line_and_exit_1()
    {
        using var home = new TempDir();
        await using var server = await FakeKubeApiServer.StartAsync();
        using var taken = new TcpListener(IPAddress.Any, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, _, stderr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path) }, "--metrics-port", port);

        AssertOneLineError(code, stderr, $"cannot listen on port {port} for /healthz, /readyz and /metrics");
    }

    [Fact]
    public async Task Version_prints_the_version_and_exits_0_without_a_cluster()
    {
        using var home = new TempDir();

        var (code, stdout, stderr) = await RunAsync(home.Path, [], "--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^secretskit-agent \d+\.\d+\.\d+", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task Empty_KUBECONFIG_falls_back_to_home_kube_config_as_kubectl_does()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        Directory.CreateDirectory(Path.Combine(home.Path, ".kube"));
        AgentProcess.Kubeconfig(server, Path.Combine(home.Path, ".kube"), "config");

        var (code, stdout, stderr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = "" }, "--once");

        Assert.True(code == 0, stderr);
        Assert.Contains("1 of 1 ExternalSecrets synced", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KUBECONFIG_list_is_merged_first_wins_and_context_picks_from_every_file()
    {
        using var home = new TempDir();
        await using var server = await AgentProcess.StartServerWithExternalSecretAsync();
        var first = Path.Combine(home.Path, "first");
        await File.WriteAllTextAsync(first, """
            apiVersion: v1
            kind: Config
            current-context: nowhere
            clusters:
            - name: nowhere
              cluster:
                server: http://127.0.0.1:1
            users:
            - name: nobody
              user: {}
            contexts:
            - name: nowhere
              context:
                cluster: nowhere
                user: nobody
            """);
        var second = AgentProcess.Kubeconfig(server, home.Path, "second");
        var list = string.Join(':', Path.Combine(home.Path, "missing"), first, second);

        var (currentCode, _, currentErr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = list }, "--once");
        var (pickedCode, pickedOut, pickedErr) = await RunAsync(home.Path, new() { ["KUBECONFIG"] = list }, "--once", "--context", "fake");

        // the first file's current-context wins; its server does not answer
        AssertOneLineError(currentCode, currentErr, "cannot reach the Kubernetes API server at http://127.0.0.1:1");
        Assert.True(pickedCode == 0, pickedErr);
        Assert.Contains("default/es: Ready SecretSynced -> Secret default/es (keys: k)", pickedOut, StringComparison.Ordinal);
    }
}
