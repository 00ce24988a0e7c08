using SecretsKit.Testing.Common;
using SecretsKit.Testing.Fuzz;
using Xunit.Abstractions;

namespace SecretsKit.Agent.Tests.Render;

/// <summary>
/// Issue #61 through the real <c>secretskit-agent render</c> under the chart's memory limit (256 MiB, as
/// <c>DOTNET_GCHeapHardLimit</c>): templates that grow past every budget (a map sharing one sub-map 40 levels deep,
/// written out by <c>toYaml</c>/<c>toJson</c>/<c>toString</c>; <c>b64enc</c> and <c>quote</c> chained 40 times over a
/// million characters) and regular expressions that do not compile or match too slowly each end as their own
/// ExternalSecret's condition in words, another tenant's ExternalSecret still renders, and the process's peak resident
/// set, read from /proc while it runs, stays under the limit.
/// </summary>
public sealed class AgentRenderBudgetTests(ITestOutputHelper output)
{
    private const long ChartLimitKiB = 256 << 10;

    private static readonly (string Name, string Template)[] Growth = GrowthPrograms.Known;

    private const string Store = """
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata: {name: shared}
        spec:
          provider: {fake: {data: [{key: k, value: v}, {key: app-user, value: u}]}}
        ---
        apiVersion: external-secrets.io/v1
        kind: ClusterSecretStore
        metadata: {name: guarded}
        spec:
          conditions: [{namespaceRegexes: ['^tenant-(']}]
          provider: {fake: {data: [{key: k, value: v}]}}
        """;

    private static string Templated(string name, string template) => $$$"""
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: {{{name}}}, namespace: tenant-bad}
        spec:
          secretStoreRef: {name: shared, kind: ClusterSecretStore}
          target:
            template:
              data:
                out: '{{{template.Replace("'", "''", StringComparison.Ordinal)}}}'
          data: [{secretKey: k, remoteRef: {key: k}}]
        """;

    private static string Find(string name, string pattern) => $$$"""
        apiVersion: external-secrets.io/v1
        kind: ExternalSecret
        metadata: {name: {{{name}}}, namespace: tenant-bad}
        spec:
          secretStoreRef: {name: shared, kind: ClusterSecretStore}
          dataFrom:
            - find:
                name:
                  regexp: '{{{pattern}}}'
        """;

    [Fact]
    public async Task Growing_templates_and_bad_patterns_end_as_conditions_while_another_tenant_renders_within_the_chart_limit()
    {
        using var home = new TempDir();
        var dir = Path.Combine(home.Path, "m");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "a-store.yaml"), Store);
        File.WriteAllText(Path.Combine(dir, "b-growth.yaml"), string.Join("\n---\n", Growth.Select(g => Templated(g.Name, g.Template))));
        File.WriteAllText(Path.Combine(dir, "c-find.yaml"), Find("find-open", "(") + "\n---\n" + Find("find-backref", "(a)\\1") + "\n---\n"
            + Find("guarded", "^k$").Replace("name: shared", "name: guarded", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(dir, "d-good.yaml"), """
            apiVersion: external-secrets.io/v1
            kind: ExternalSecret
            metadata: {name: good, namespace: tenant-good}
            spec:
              secretStoreRef: {name: shared, kind: ClusterSecretStore}
              target: {template: {data: {url: 'db://{{ .k }}'}}}
              data: [{secretKey: k, remoteRef: {key: k}}]
              dataFrom: [{find: {name: {regexp: '^app-'}}}]
            """);

        var r = await AgentRender.RunAsync(home.Path, ["-f", dir], TimeSpan.FromMinutes(3), heapLimit: "0x10000000", measurePeakMemory: true);

        var all = r.StdoutText + r.Stderr;
        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("internal error", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", all, StringComparison.Ordinal);
        var lines = r.StdoutText.Split('\n');
        Assert.Contains("# ExternalSecret tenant-good/good: SecretSynced", lines);
        string NotSynced(string name) => Assert.Single(lines, l => l.StartsWith($"# ExternalSecret tenant-bad/{name}: not synced: ", StringComparison.Ordinal));
        foreach (var (name, _) in Growth)
        {
            Assert.Matches("(output limit|budget) of [0-9]+", NotSynced(name));
        }
        Assert.Contains("find.name.regexp: invalid regular expression '(': error parsing regexp: missing closing ): `(`", NotSynced("find-open"), StringComparison.Ordinal);
        Assert.Contains("error parsing regexp: invalid escape sequence: `\\1`", NotSynced("find-backref"), StringComparison.Ordinal);
        Assert.Contains("spec.conditions[].namespaceRegexes: invalid regular expression '^tenant-(': error parsing regexp: missing closing ): `^tenant-(`",
            NotSynced("guarded"), StringComparison.Ordinal);
        output.WriteLine($"peak resident set of secretskit-agent render: {r.PeakRssKiB >> 10} MiB");
        Assert.InRange(r.PeakRssKiB, 1, ChartLimitKiB);
    }
}
