using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.UnitTest;

/// <summary>
/// <c>secretskit unittest</c> through the real process and the real helm (3.10.1, and Helm 4.1.4 where the subchart
/// switches are concerned) where helm-unittest's newest runner behaves in a way users rely on: a subchart its parent
/// disables by <c>condition:</c> or <c>tags:</c> has its suites left out (they would fail: nothing renders), and
/// enabling it (a <c>-v</c> file, which applies below the subchart as for its suites, or the parent's values) runs them again; <c>--output-file</c> creates the folders it needs;
/// <c>--update-snapshot</c> (long form) rewrites a snapshot every time the chart changes; <c>--debug</c>, as typed in
/// <c>helm unittest --debug</c>, is accepted and changes nothing.
/// </summary>
public sealed class UnitTestHelmUnittestParityCliTests
{
    private const string ChildSuite = """
        suite: child
        templates:
          - cm.yaml
        tests:
          - it: renders the child's map
            asserts:
              - isKind:
                  of: ConfigMap
              - equal:
                  path: data.who
                  value: child
        """;

    private static TempDir Parent(string dependency, string values)
    {
        var dir = new TempDir();
        dir.Write("parent/Chart.yaml", "apiVersion: v2\nname: parent\nversion: 0.1.0\ndependencies:\n" + dependency);
        dir.Write("parent/values.yaml", values);
        dir.Write("parent/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: parent\ndata:\n  who: parent\n");
        dir.Write("parent/tests/parent_test.yaml", "suite: parent\ntemplates: [cm.yaml]\ntests:\n  - it: renders\n    asserts:\n      - isKind:\n          of: ConfigMap\n");
        dir.Write("parent/charts/child/Chart.yaml", "apiVersion: v2\nname: child\nversion: 0.1.0\n");
        dir.Write("parent/charts/child/values.yaml", "enabled: true\n");
        dir.Write("parent/charts/child/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: child\ndata:\n  who: child\n");
        dir.Write("parent/charts/child/tests/child_test.yaml", ChildSuite);
        return dir;
    }

    private static Task<ProcessRun.Result> RunAsync(TempDir dir, string helm, params string[] args) =>
        CliRunner.RunAsync(["unittest", .. args], new Dictionary<string, string?> { ["HELM_BIN"] = helm }, cwd: dir.Path);

    private static string Helm(string version)
    {
        if (version == RealHelm.Version) return RealHelm.Path;
        using var helm = new RealHelm(version: version);
        return helm.HelmPath;
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_subchart_disabled_by_its_condition_has_its_suites_left_out_until_a_values_file_enables_it(string version)
    {
        using var dir = Parent("  - name: child\n    version: 0.1.0\n    condition: child.enabled\n", "child:\n  enabled: false\n");
        var helm = Helm(version);

        var off = await RunAsync(dir, helm, "parent", "--with-subchart");

        Assert.True(off.ExitCode == 0, off.StdoutText + off.Stderr);
        Assert.Contains(" PASS  parent\tparent/tests/parent_test.yaml", off.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("child_test.yaml", off.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"Test Suites: 1 passed, 1 total", off.StdoutText);

        dir.Write("on.yaml", "enabled: true\n"); // a subchart's suites read -v files below the subchart's key
        var on = await RunAsync(dir, helm, "parent", "--with-subchart", "-v", "on.yaml");

        Assert.True(on.ExitCode == 0, on.StdoutText + on.Stderr);
        Assert.Contains(" PASS  child\tparent/charts/child/tests/child_test.yaml", on.StdoutText, StringComparison.Ordinal);
        Assert.Matches(@"Test Suites: 2 passed, 2 total", on.StdoutText);
    }

    [Fact]
    public async Task A_condition_the_values_leave_unset_falls_back_to_the_subcharts_default_then_to_its_tags()
    {
        // child.enabled is unset in the parent: the child's own default (true) decides, whatever the tags say
        using var byDefault = Parent("  - name: child\n    version: 0.1.0\n    condition: child.enabled\n    tags: [extra]\n", "tags:\n  extra: false\n");
        var r = await RunAsync(byDefault, RealHelm.Path, "parent");
        Assert.True(r.ExitCode == 0, r.StdoutText + r.Stderr);
        Assert.Contains("child_test.yaml", r.StdoutText, StringComparison.Ordinal);

        // a condition naming nothing that exists: the tags decide (all false: disabled)
        using var byTags = Parent("  - name: child\n    version: 0.1.0\n    condition: nowhere.enabled\n    tags: [extra, more]\n", "tags:\n  extra: false\n");
        var t = await RunAsync(byTags, RealHelm.Path, "parent");
        Assert.True(t.ExitCode == 0, t.StdoutText + t.Stderr);
        Assert.DoesNotContain("child_test.yaml", t.StdoutText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_subchart_whose_tags_are_all_false_has_its_suites_left_out_and_one_true_tag_runs_them(string version)
    {
        using var dir = Parent("  - name: child\n    version: 0.1.0\n    tags: [front-end, web]\n", "tags:\n  front-end: false\n  web: false\n");
        var helm = Helm(version);

        var off = await RunAsync(dir, helm, "parent");

        Assert.True(off.ExitCode == 0, off.StdoutText + off.Stderr);
        Assert.DoesNotContain("child_test.yaml", off.StdoutText, StringComparison.Ordinal);

        dir.Write("parent/values.yaml", "tags:\n  front-end: false\n  web: true\n");
        var on = await RunAsync(dir, helm, "parent");

        Assert.True(on.ExitCode == 0, on.StdoutText + on.Stderr);
        Assert.Contains(" PASS  child\tparent/charts/child/tests/child_test.yaml", on.StdoutText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_file_long_form_creates_every_missing_folder()
    {
        using var dir = Parent("  - name: child\n    version: 0.1.0\n", "{}\n");

        var r = await RunAsync(dir, RealHelm.Path, "parent", "--output-file", "out/not/yet/there/report.xml", "--output-type", "JUnit");

        Assert.True(r.ExitCode == 0, r.StdoutText + r.Stderr);
        var report = File.ReadAllText(dir.File("out/not/yet/there/report.xml"));
        Assert.Contains("<testsuites", report, StringComparison.Ordinal);
        Assert.Contains("the child", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_snapshot_long_form_rewrites_the_snapshot_after_each_change()
    {
        using var dir = new TempDir();
        dir.Write("demo/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        dir.Write("demo/tests/cm_test.yaml", "suite: cm\ntemplates: [cm.yaml]\ntests:\n  - it: snaps\n    asserts:\n      - matchSnapshot: {}\n");
        var snapshot = dir.File("demo/tests/__snapshot__/cm_test.yaml.snap");
        foreach (var value in new[] { "one", "two", "three" })
        {
            dir.Write("demo/templates/cm.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  value: {value}\n");
            var r = await RunAsync(dir, RealHelm.Path, "demo", "--update-snapshot");
            Assert.True(r.ExitCode == 0, r.StdoutText + r.Stderr);
            Assert.Equal($"snaps:\n  1: |\n    apiVersion: v1\n    data:\n      value: {value}\n    kind: ConfigMap\n    metadata:\n      name: cm\n",
                File.ReadAllText(snapshot));
        }
        // without the flag, a change fails the snapshot and leaves the file as it was
        dir.Write("demo/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  value: four\n");
        var kept = await RunAsync(dir, RealHelm.Path, "demo");
        Assert.Equal(1, kept.ExitCode);
        Assert.Contains("value: three", File.ReadAllText(snapshot), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debug_as_typed_in_helm_unittest_is_accepted_and_changes_nothing()
    {
        using var dir = Parent("  - name: child\n    version: 0.1.0\n    condition: child.enabled\n", "child:\n  enabled: true\n");

        var plain = await RunAsync(dir, RealHelm.Path, "parent");
        var debug = await RunAsync(dir, RealHelm.Path, "--debug", "parent");

        Assert.True(debug.ExitCode == 0, debug.StdoutText + debug.Stderr);
        Assert.Equal(plain.ExitCode, debug.ExitCode);
        Assert.Equal(Lines(plain.StdoutText), Lines(debug.StdoutText));
        Assert.Equal("", debug.Stderr);
    }

    private static List<string> Lines(string text) => text.Split('\n').Where(l => !l.StartsWith("Time:", StringComparison.Ordinal)).ToList();
}
