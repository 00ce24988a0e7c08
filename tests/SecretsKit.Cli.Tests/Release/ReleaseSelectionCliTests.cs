using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>-l</c> selectors, one rule for every verb, through the real process: no match is an error for <c>list</c> and
/// <c>show-dag</c> as for the verbs that run releases; a release the selector matches but whose <c>condition:</c>
/// disables it in this environment is named with that condition (not "no release matches"); <c>list</c> shows it with
/// ENABLED false.
/// </summary>
public sealed class ReleaseSelectionCliTests : IDisposable
{
    private readonly TempDir _dir = new("sk-select-");
    private readonly FakeHelm _helm = new();

    public ReleaseSelectionCliTests()
    {
        _dir.Write("chart/Chart.yaml", "apiVersion: v2\nname: chart\nversion: 0.1.0\n");
        _dir.Write("chart/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n");
        _dir.Write("env/dev.yaml", "metrics:\n  enabled: false\n");
        _dir.Write("env/prod.yaml", "metrics:\n  enabled: true\n");
        _dir.Write("helmfile.yaml", """
            environments:
              dev:
                values: [env/dev.yaml]
              prod:
                values: [env/prod.yaml]
            releases:
              - name: web
                namespace: shop
                chart: ./chart
              - name: metrics
                namespace: shop
                chart: ./chart
                condition: metrics.enabled
              - name: debug
                namespace: shop
                chart: ./chart
                condition: "false"
            """);
    }

    public void Dispose()
    {
        _helm.Dispose();
        _dir.Dispose();
    }

    private Task<ProcessRun.Result> RunAsync(params string[] args) =>
        CliRunner.RunAsync(["release", .. args, "--skip-validate", "--skip-policy", "--skip-unittest"], _helm.Environment(stateful: true), cwd: _dir.Path);

    [Theory]
    [InlineData("list")]
    [InlineData("show-dag")]
    [InlineData("lint")]
    [InlineData("template")]
    [InlineData("apply")]
    public async Task A_selector_that_matches_no_release_is_the_same_error_for_every_verb(string verb)
    {
        var r = await RunAsync("-e", "dev", "-l", "name=nope", verb);

        Assert.True(r.ExitCode == 1, $"{verb}: exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.Matches(@"secretskit: error: no release in \S*helmfile\.yaml matches the selector -l name=nope\n", r.Stderr);
        Assert.Equal("", r.StdoutText);
        Assert.Empty(_helm.Calls);
    }

    [Theory]
    [InlineData("lint")]
    [InlineData("apply")]
    public async Task A_release_disabled_by_its_condition_is_said_to_match_and_to_be_disabled_by_that_condition(string verb)
    {
        var r = await RunAsync("-e", "dev", "-l", "name=metrics", verb);

        Assert.Equal(1, r.ExitCode);
        Assert.DoesNotContain("no release", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("the selector -l name=metrics matches only disabled releases: shop/metrics matches it but is disabled in environment 'dev' "
            + "by condition: metrics.enabled (not true in this environment's values)", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(_helm.Calls);

        var prod = await RunAsync("-e", "prod", "-l", "name=metrics", "template");
        Assert.True(prod.ExitCode == 0, prod.Stderr);
        Assert.Contains("name: metrics", prod.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_release_beside_enabled_ones_is_left_out_with_a_line_naming_its_condition()
    {
        var r = await RunAsync("-e", "dev", "-l", "namespace=shop", "template");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("secretskit: left out: shop/metrics matches it but is disabled in environment 'dev' by condition: metrics.enabled", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("shop/debug matches it but is disabled in environment 'dev' by condition: false", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("name: web", r.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("name: metrics", r.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_shows_a_matched_disabled_release_with_enabled_false()
    {
        var r = await RunAsync("-e", "dev", "-l", "name=metrics", "list");

        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Matches(@"(?m)^metrics\s+shop\s+false\s+true\s", r.StdoutText);
    }
}
