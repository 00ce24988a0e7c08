using System.Diagnostics;
using SecretsKit.Agent.Tests.Render;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;
using Xunit.Abstractions;

namespace SecretsKit.Agent.Tests.Fuzz;

/// <summary>
/// Issue #61's seeded template-growth slice of <c>secretskit-agent render -f DIR</c> (the real process, under the chart's
/// memory limit of 256 MiB as its heap limit): per seed, one tenant's ExternalSecrets each carry a random growing
/// program (<see cref="GrowthPrograms"/>: serializers, string growth, list and map building over shared structure, in
/// loops), beside another tenant's plain ExternalSecret. Every growing one must either render or be refused in its own
/// not-synced line, the other tenant's must render, the run must end within 90 s with exit 0 or 1, print no stack trace or
/// internal error, and the process's peak resident set, read from /proc while it runs, must stay under the limit. The
/// campaign: bench/fuzz-targets.sh --only growth.
/// </summary>
public sealed class TemplateGrowthFuzzTests(ITestOutputHelper output)
{
    /// <summary>Seeds in CI; each is one render of <see cref="ProgramsPerSeed"/> growing templates and the other tenant's.</summary>
    private const int CiSeeds = 6;

    private const int ProgramsPerSeed = 8;

    private const long ChartLimitKiB = 256 << 10;

    private const string Store = """
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata: {name: shared}
        spec:
          provider: {fake: {data: [{key: k, value: v}]}}
        ---
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: good, namespace: tenant-good}
        spec:
          secretStoreRef: {name: shared, kind: ClusterSecretStore}
          target: {template: {data: {url: 'db://{{ .k }}'}}}
          data: [{secretKey: k, remoteRef: {key: k}}]
        """;

    [Fact]
    public async Task Random_growing_templates_end_in_their_own_conditions_while_another_tenant_renders_within_the_chart_limit()
    {
        var report = await FuzzCampaign.RunAsync(CiSeeds, CheckAsync);
        Assert.True(report is null, report);
        output.WriteLine($"{_rendered} rendered, {_refused} refused; highest peak resident set {_peakKiB >> 10} MiB");
        // the slice means something only when its programs do reach the budgets
        Assert.True(_refused * 10 > _rendered + _refused, $"only {_refused} of {_rendered + _refused} programs reached a budget");
    }

    private int _rendered;
    private int _refused;
    private long _peakKiB;

    private static string Manifest(string program, int i) => $$$"""
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: g-{{{i}}}, namespace: tenant-bad}
        spec:
          secretStoreRef: {name: shared, kind: ClusterSecretStore}
          target:
            template:
              data:
                out: '{{{program.Replace("'", "''", StringComparison.Ordinal)}}}'
          data: [{secretKey: k, remoteRef: {key: k}}]
        """;

    private async Task<string?> CheckAsync(int seed)
    {
        using var home = new TempDir();
        var dir = Path.Combine(home.Path, "m");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a-store.yaml"), Store);
        var random = new Random(seed);
        var programs = Enumerable.Range(0, ProgramsPerSeed).Select(_ => GrowthPrograms.Next(random, withYaml: true)).ToList();
        File.WriteAllText(Path.Combine(dir, "b-growth.yaml"), string.Join("\n---\n", programs.Select(Manifest)));

        var clock = Stopwatch.StartNew();
        ProcessRun.Result r;
        try
        {
            r = await AgentRender.RunAsync(home.Path, ["-f", dir], TimeSpan.FromSeconds(90), heapLimit: "0x10000000", measurePeakMemory: true);
        }
        catch (TimeoutException)
        {
            return "no answer within 90 s";
        }
        _peakKiB = Math.Max(_peakKiB, r.PeakRssKiB);
        var what = $"exit {r.ExitCode} after {clock.ElapsedMilliseconds} ms, peak {r.PeakRssKiB >> 10} MiB";
        if (r.ExitCode is not (0 or 1)) return $"{what}: not the documented exit code; stderr: {Echo(r.Stderr)}";
        var all = r.StdoutText + "\n" + r.Stderr;
        if (FuzzCampaign.OutputProblem(all) is { } problem) return $"{what}: {problem}; stderr: {Echo(r.Stderr)}";
        if (all.Contains("internal error", StringComparison.Ordinal)) return $"{what}: an internal error: {Echo(all)}";
        if (r.PeakRssKiB > ChartLimitKiB) return $"{what}: past the chart's memory limit";
        var lines = r.StdoutText.Split('\n');
        if (!lines.Contains("# ExternalSecret tenant-good/good: SecretSynced")) return $"{what}: the other tenant did not render; stdout: {Echo(r.StdoutText)}";
        for (var i = 0; i < programs.Count; i++)
        {
            var head = $"# ExternalSecret tenant-bad/g-{i}: ";
            if (lines.Contains(head + "SecretSynced")) _rendered++;
            else if (lines.Any(l => l.StartsWith(head + "not synced: ", StringComparison.Ordinal))) _refused++;
            else return $"{what}: no line of its own for program {i}: {programs[i]}";
        }
        return null;
    }

    private static string Echo(string text) => text.Length <= 600 ? text : text[..600] + "…";
}
