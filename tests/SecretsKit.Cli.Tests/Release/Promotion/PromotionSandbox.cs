using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// Two clusters for the promotion tests: two HTTPS Kubernetes API fakes with their controllers, reached as the kube
/// contexts <c>staging</c> and <c>prod</c> of one kubeconfig, as <c>examples/pipeline</c>'s environments name them; a
/// copy of <c>examples/pipeline</c> and its chart with a promotion file; the real helm of the given version with its
/// own homes; a private HOME and TMPDIR (swept for plaintext by the tests).
/// </summary>
internal sealed class PromotionSandbox : IAsyncDisposable
{
    /// <summary>The decrypted values of the example's staging and prod secrets files.</summary>
    public static readonly string[] Secrets =
        ["demo-staging-db-password-7f3a", "demo-staging-api-token-c41d", "demo-prod-db-password-7f3a", "demo-prod-api-token-c41d"];

    public const string PromotionYaml = """
        stages:
          - {name: dev, environments: [dev]}
          - {name: staging, environments: [staging], from: dev}
          - name: prod
            environments: [prod]
            from: staging
            gates: {sourceVerified: true, sameChart: true, secretKeys: same}
        lock: {namespace: secretskit-system, ttl: 60s, wait: 0s}

        """;

    private readonly TempDir _root = new("sk-promote-");
    private FakeClusters _clusters = null!;

    private PromotionSandbox(string helmVersion) => Helm = new RealHelm(version: helmVersion);

    public RealHelm Helm { get; }

    public FakeKubeApiServer Staging => _clusters["staging"];

    public FakeKubeApiServer Prod => _clusters["prod"];

    public string WorkDir => Path.Combine(_root.Path, "pipeline");

    public string ChartDir => Path.Combine(_root.Path, "pipeline-app");

    public string Home => Path.Combine(_root.Path, "home");

    public string TempDirectory => Path.Combine(_root.Path, "tmp");

    public string Kubeconfig => Path.Combine(Home, ".kube", "config");

    public static string AgeKeyFile => SharedFixtures.AllExampleKeys; // each environment has its own key

    /// <summary>The age identities the runs get: every example environment's, unless a test adds one of its own.</summary>
    public string KeyFile { get; set; } = AgeKeyFile;

    /// <summary>The API fake reached as the kube context <paramref name="name"/>.</summary>
    public FakeKubeApiServer Cluster(string name) => _clusters[name];

    /// <summary>The sandbox with the clusters <c>staging</c> and <c>prod</c> and any <paramref name="moreContexts"/>.</summary>
    public static async Task<PromotionSandbox> StartAsync(string helmVersion = RealHelm.Version, string promotion = PromotionYaml, params string[] moreContexts)
    {
        var sandbox = new PromotionSandbox(helmVersion);
        var examples = Path.Combine(SharedFixtures.RepositoryRoot, "examples");
        PipelineSandbox.Copy(Path.Combine(examples, "pipeline"), sandbox.WorkDir);
        PipelineSandbox.Copy(Path.Combine(examples, "pipeline-app"), sandbox.ChartDir);
        File.WriteAllText(Path.Combine(sandbox.WorkDir, "secretskit-promotion.yaml"), promotion);
        Directory.CreateDirectory(sandbox.TempDirectory);
        sandbox._clusters = await FakeClusters.StartAsync(sandbox.Kubeconfig, ["staging", "prod", .. moreContexts]);
        return sandbox;
    }

    /// <summary>What every run gets: the real helm's homes, the two-cluster kubeconfig, the example age key, the private HOME and TMPDIR.</summary>
    public Dictionary<string, string?> Env()
    {
        var env = Helm.Environment();
        env["KUBECONFIG"] = Kubeconfig;
        env["HOME"] = Home;
        env["TMPDIR"] = TempDirectory;
        env["SOPS_AGE_KEY_FILE"] = KeyFile;
        env["CI"] = null;
        env["GITHUB_ACTOR"] = null;
        env["USER"] = "tester";
        return env;
    }

    /// <summary><c>secretskit release ARGS --skip-unittest</c> in the state's directory (the chart's suites are tested elsewhere).</summary>
    public Task<ProcessRun.Result> RunAsync(params string[] args) =>
        CliRunner.RunAsync(["release", .. args, "--skip-unittest"], Env(), cwd: WorkDir, timeout: TimeSpan.FromMinutes(6));

    /// <summary>Writes the cluster saw besides the release lock's Lease (and its namespace): what a refused gate must not cause.</summary>
    public static IReadOnlyList<string> Writes(FakeKubeApiServer server) =>
        server.Requests.Where(r => r.Method is "POST" or "PUT" or "PATCH" or "DELETE" && !r.Path.Contains("/leases", StringComparison.Ordinal)
                && r.Path != "/api/v1/namespaces")
            .Select(r => $"{r.Method} {r.Path}").ToList();

    /// <summary>The names of helm's release Secrets on a cluster.</summary>
    public static IReadOnlyList<string> HelmReleases(FakeKubeApiServer server) =>
        server.All(FakeResourceType.Secret).Select(s => s["metadata"]!["name"]!.GetValue<string>())
            .Where(n => n.StartsWith("sh.helm.release.v1.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The environment's record ConfigMap's JSON, or null.</summary>
    public static JsonObject? Record(FakeKubeApiServer server, string environment) =>
        server.TryGet(FakeResourceType.ConfigMap, "secretskit-system", "secretskit-record-" + environment)?["data"]?["record.json"]?.GetValue<string>() is { } json
            ? JsonNode.Parse(json)!.AsObject()
            : null;

    /// <summary>The raw JSON text of the record, for secret sweeps.</summary>
    public static string RecordText(FakeKubeApiServer server, string environment) =>
        server.TryGet(FakeResourceType.ConfigMap, "secretskit-system", "secretskit-record-" + environment)?["data"]?["record.json"]?.GetValue<string>() ?? "";

    /// <summary>Writes the promotion file (its <c>strategies:</c> and stages).</summary>
    public void WritePromotion(string yaml) => File.WriteAllText(Path.Combine(WorkDir, "secretskit-promotion.yaml"), yaml);

    /// <summary>The <c>strategy</c> of the release <paramref name="release"/> (in namespace shop) in the environment's record.</summary>
    public static JsonObject Strategy(FakeKubeApiServer server, string environment, string release)
    {
        var record = Record(server, environment) ?? throw new InvalidOperationException($"no record of {environment}");
        var entry = record["releases"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == release)!;
        return entry["strategy"]!.AsObject();
    }

    /// <summary>The names of a recorded strategy's steps, in order.</summary>
    public static List<string> StepNames(JsonObject strategy) => strategy["steps"]!.AsArray().Select(step => step!["step"]!.GetValue<string>()).ToList();

    /// <summary>What <c>helm get values RELEASE -n shop -o json</c> says on the kube context (the values the release was given).</summary>
    public async Task<JsonObject> HelmValuesAsync(string context, string release)
    {
        var get = await Helm.RunAsync(["get", "values", release, "-n", "shop", "--kube-context", context, "-o", "json"], Env());
        if (get.ExitCode != 0) throw new InvalidOperationException($"helm get values {release}: {get.Stderr}");
        return JsonNode.Parse(get.StdoutText) as JsonObject ?? [];
    }

    /// <summary>The Lease of an environment's release lock on a cluster, or null.</summary>
    public static JsonObject? Lease(FakeKubeApiServer server, string environment) =>
        server.TryGet(FakeResourceType.Lease, "secretskit-system", "secretskit-release-" + environment);

    public async ValueTask DisposeAsync()
    {
        if (_clusters is not null) await _clusters.DisposeAsync();
        Helm.Dispose();
        _root.Dispose();
    }

    /// <summary>Each of <paramref name="cases"/> with helm 3.10.1 and with Helm 4.1.4, for a theory over a strategy's steps.</summary>
    internal static TheoryData<string, string> OnBothHelms(params string[] cases)
    {
        var data = new TheoryData<string, string>();
        foreach (var name in cases)
        {
            data.Add(name, RealHelm.Version);
            data.Add(name, RealHelm.Helm4Version);
        }
        return data;
    }
}
