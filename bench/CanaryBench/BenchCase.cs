using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Bench.CanaryBench;

/// <summary>
/// A strategy the bench times: the promotion file that puts shop/backend under it in staging (its analysis asks
/// <see cref="Query"/> of the Prometheus stand-in every <see cref="Interval"/>, and fails at the first failing sample),
/// and "stable only" as the API fake shows it, with the goal for the time between the two.
/// </summary>
internal sealed record BenchCase(string Name, string Interval, double GoalSeconds, Func<Uri, string> Promotion, Func<FakeKubeApiServer, bool> StableOnly)
{
    public const string Query = "sum(rate(http_requests_total{release=\"backend-canary\",code=~\"5..\"}[1m]))";

    public const string Good = "0.001";

    public const string Failing = "0.2";

    private const string Stages = """
        stages:
          - {name: dev, environments: [dev]}
          - {name: staging, environments: [staging], from: dev}
        lock: {namespace: secretskit-system, ttl: 60s, wait: 0s}

        """;

    /// <summary>The canary at weight 10, then an analysis of up to 600 samples 1 s apart; stable only: no canary release, no canary object.</summary>
    private static readonly BenchCase Canary = new("canary", "1s", 10, prometheus => Stages + $$"""
        strategies:
          - releases: [shop/backend]
            environments: [staging]
            canary:
              canaryRelease: backend-canary
              weightValue: canary.weight
              steps:
                - setWeight: 10
                - analysis: {prometheus: {address: "{{prometheus}}", query: '{{Query}}', successCondition: "result < 0.01"}, interval: 1s, count: 600}

        """, cluster =>
            !cluster.All(FakeResourceType.Secret).Any(s => s["metadata"]!["name"]!.GetValue<string>().StartsWith("sh.helm.release.v1.backend-canary.", StringComparison.Ordinal))
            && cluster.TryGet(FakeResourceType.Deployment, "shop", "backend-canary-pipeline-app") is null);

    /// <summary>
    /// Blue-green with the Service switch: the plain release's Service (selector <c>app.kubernetes.io/instance: backend</c>)
    /// is switched to backend-blue, then its <c>postPromotion</c> analysis fails; stable only: the selector back on the
    /// plain release. Each round starts from the same state (the Service never shows a color between rounds).
    /// </summary>
    private static readonly BenchCase BlueGreen = new("blueGreen", "1s", 2, prometheus => Stages + $$"""
        strategies:
          - releases: [shop/backend]
            environments: [staging]
            blueGreen:
              colors: [backend-blue, backend-green]
              switch: {service: shop/backend-pipeline-app, selectorLabel: app.kubernetes.io/instance}
              postPromotion:
                - {prometheus: {address: "{{prometheus}}", query: '{{Query}}', successCondition: "result < 0.01"}, interval: 1s, count: 600}

        """, cluster => Selector(cluster) == "backend");

    private static readonly BenchCase[] All = [Canary, BlueGreen];

    /// <summary>The instance label the plain release's Service selects (what the blue-green switch sets).</summary>
    private static string? Selector(FakeKubeApiServer cluster) =>
        cluster.TryGet(cluster.Types.Single(t => t.Plural == "services"), "shop", "backend-pipeline-app")?["spec"]?["selector"]?["app.kubernetes.io/instance"]?.GetValue<string>();

    public static IEnumerable<string> Names => All.Select(c => c.Name);

    public static BenchCase? Named(string name) => All.FirstOrDefault(c => c.Name == name);
}
