using SecretsKit.Testing.Common;
using Xunit.Abstractions;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// Issue #61 item 3 and #64 item 16 through the real <c>secretskit release build</c>: a helmfile.yaml whose template
/// grows past every budget (a map sharing one sub-map 40 levels deep written out, <c>readFile "/dev/zero"</c>,
/// <c>range 100000000</c>, <c>b64enc</c> chained over a million characters) ends in a template error naming the budget,
/// with the process's peak resident set (read from /proc while it runs) far below what the growth would take; a map
/// merged into its own parent renders as Go's helmfile renders it, and <c>build</c>, which writes the values out, ends in
/// a clear error instead of a stack overflow.
/// </summary>
public sealed class ReleaseTemplateBudgetCliTests(ITestOutputHelper output)
{
    /// <summary>The budgets allow 16 MiB of output and 64 Mi characters built; the runtime adds its own.</summary>
    private const long MaxPeakKiB = 512 << 10;

    private const string Dag = "{{ $a := dict \"k\" \"vvvvvvvvvv\" }}{{ range until 40 }}{{ $a = dict \"a\" $a \"b\" $a }}{{ end }}";

    private static async Task<ProcessRun.Result> BuildAsync(TempDir dir, string template)
    {
        dir.Write("helmfile.yaml", "# " + template + "\nreleases:\n  - name: web\n    namespace: acme-dev\n    chart: ./chart\n");
        return await CliRunner.RunAsync(["release", "build"], cwd: dir.Path, timeout: TimeSpan.FromMinutes(3), measurePeakMemory: true);
    }

    [Theory]
    [InlineData(Dag + "{{ toYaml $a | len }}", "error calling toYaml: ")]
    [InlineData(Dag + "{{ toJson $a | len }}", "error calling toJson: ")]
    [InlineData("{{ readFile \"/dev/zero\" | len }}", "error calling readFile: read /dev/zero: more than the template output limit of 16777216 characters")]
    [InlineData("{{ range 100000000 }}{{ end }}", "template exceeded its budget of 10000000 evaluation steps")]
    [InlineData("{{ $s := repeat 1000000 \"a\" }}{{ range until 40 }}{{ $s = b64enc $s }}{{ end }}{{ len $s }}", "error calling b64enc: ")]
    public async Task A_growing_state_template_ends_in_a_budget_error_within_bounded_memory(string template, string expected)
    {
        using var dir = new TempDir("sk-budget-");

        var r = await BuildAsync(dir, template);

        Assert.True(r.ExitCode is not (0 or 134 or 137), $"exit {r.ExitCode}\n{r.Stderr}");
        Assert.Contains(expected, r.Stderr, StringComparison.Ordinal);
        Assert.Contains("helmfile.yaml:1:", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Stderr, StringComparison.Ordinal);
        output.WriteLine($"peak resident set of secretskit release build: {r.PeakRssKiB >> 10} MiB");
        Assert.InRange(r.PeakRssKiB, 1, MaxPeakKiB);
    }

    [Theory]
    [InlineData("{{ $_ := mergeOverwrite .Values $ }}")]
    [InlineData("{{ $_ := merge .Values $ }}")]
    [InlineData("{{ $d := dict }}{{ $_ := set $d \"self\" $d }}{{ $_ := set .Values \"d\" $d }}")]
    public async Task State_values_that_hold_themselves_render_and_end_in_a_clear_error_where_they_are_written_out(string template)
    {
        using var dir = new TempDir("sk-cycle-");

        var build = await BuildAsync(dir, template);
        var list = await CliRunner.RunAsync(["release", "list"], cwd: dir.Path);

        // the template renders as Go's does (the oracle case "helmfile mergeOverwrite of a map into its own parent" prints ok)
        Assert.True(list.ExitCode == 0, $"exit {list.ExitCode}\n{list.Stderr}");
        Assert.Contains("web", list.StdoutText, StringComparison.Ordinal);
        // build writes the values out, which Go's YAML encoder cannot end either: a clear error instead of a stack overflow
        Assert.Equal(1, build.ExitCode);
        Assert.Equal("secretskit: error: the state values hold themselves (a template merged a map into one of its own keys, "
            + "as `mergeOverwrite .Values $` does) and cannot be written out", build.Stderr.Trim());
    }
}
