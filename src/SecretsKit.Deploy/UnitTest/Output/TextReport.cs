using System.Globalization;
using System.Text;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// helm-unittest's console layout: <c>### Chart [ name ] path</c>, one <c> PASS </c>/<c> FAIL </c>/<c> SKIP </c> line per
/// suite with each failed test's assertions under it (<c>- asserts[i] `type` fail</c> and their lines, tab-indented),
/// then the <c>Charts:</c> / <c>Test Suites:</c> / <c>Tests:</c> / <c>Snapshot:</c> / <c>Time:</c> summary. ANSI colours with <paramref name="color"/>.
/// </summary>
public sealed class TextReport(TextWriter output, bool color)
{
    private (uint Passed, uint Failed, uint Errored, uint Skipped) _charts, _suites, _tests, _snapshots;
    private uint _snapshotFailedSuites;

    public void Chart(ChartResult chart)
    {
        if (chart.Error is { } error)
        {
            Line($"\n### {Paint("31", "Error: ")} {error}\n");
            return;
        }
        Line($"\n### Chart [ {Paint("1", chart.Name)} ] {Paint("2", chart.Path)}\n");
    }

    public void Suite(SuiteResult suite)
    {
        var label = suite.Skipped ? Paint("43;30", " SKIP ") : suite.Passed ? Paint("42;30", " PASS ") : Paint("41;37", " FAIL ");
        var dir = Path.GetDirectoryName(suite.File) is { Length: > 0 } d ? d + "/" : "";
        Line($"{label} {Paint("1", suite.Name)}\t{Paint("2", dir)}{Path.GetFileName(suite.File)}");
        Count(suite);
        if (suite.Error is { } error)
        {
            Line(Paint("1", "- Execution Error: "), 1);
            Line(error + "\n", 2);
            return;
        }
        foreach (var test in suite.Tests) Test(test);
    }

    private void Test(TestResult test)
    {
        if (test.Passed) return;
        if (test.Skipped)
        {
            Line(Paint("1", "- ") + Paint("43;30", "SKIPPED") + Paint("33", $" '{test.Name}'"), 1);
            return;
        }
        if (test.Error is { } error)
        {
            Line(Paint("1", "- " + test.Name), 1);
            Line(Paint("1", "Error: " + error + "\n"), 2);
            return;
        }
        Line(Paint("31", "- " + test.Name + "\n"), 1);
        foreach (var a in test.Asserts.Where(a => !a.Passed))
        {
            Line(Paint("31", $"- asserts[{a.Index.ToString(CultureInfo.InvariantCulture)}]{(a.Not ? " NOT" : "")} `{a.Type}` fail"), 2);
            foreach (var info in a.Info) Line(info, 3);
            Line("", 0);
        }
    }

    public void Summary(UnitTestResult result)
    {
        foreach (var chart in result.Charts)
        {
            if (chart.Passed) _charts.Passed++;
            else { _charts.Failed++; if (chart.Error is not null) _charts.Errored++; }
        }
        if (_snapshots.Failed > 0)
            Line($"\nSnapshot Summary: {Paint("31", $"{_snapshots.Failed} snapshot failed")} in {_snapshotFailedSuites} test suite.{Paint("2", " Check changes and use `-u` to update snapshot.")}");
        var time = result.Elapsed.TotalMilliseconds.ToString("0.######", CultureInfo.InvariantCulture) + "ms";
        Line($"\nCharts:      {Counts(_charts)}\nTest Suites: {Counts(_suites)}\nTests:       {Counts(_tests)}\nSnapshot:    {Counts(_snapshots)}\nTime:        {time}\n");
    }

    private void Count(SuiteResult suite)
    {
        if (suite.Skipped) _suites.Skipped++;
        else if (suite.Passed) _suites.Passed++;
        else
        {
            _suites.Failed++;
            if (suite.Error is not null) _suites.Errored++;
            if (suite.Snapshots.Failed > 0) _snapshotFailedSuites++;
        }
        _snapshots.Failed += suite.Snapshots.Failed;
        _snapshots.Passed += suite.Snapshots.Total - suite.Snapshots.Failed;
        foreach (var test in suite.Tests)
        {
            if (test.Passed) _tests.Passed++;
            else if (test.Skipped) _tests.Skipped++;
            else { _tests.Failed++; if (test.Error is not null) _tests.Errored++; }
        }
    }

    private string Counts((uint Passed, uint Failed, uint Errored, uint Skipped) c)
    {
        var sb = new StringBuilder();
        if (c.Failed > 0) sb.Append(Paint("31", $"{c.Failed} failed, "));
        if (c.Errored > 0) sb.Append(CultureInfo.InvariantCulture, $"{c.Errored} errored, ");
        sb.Append(c.Skipped > 0
            ? $"{c.Passed} passed, {c.Skipped} skipped, {c.Passed + c.Failed + c.Skipped} total"
            : $"{c.Passed} passed, {c.Passed + c.Failed} total");
        return sb.ToString();
    }

    private string Paint(string sgr, string text) => color ? $"\u001b[{sgr}m{text}\u001b[0m" : text;

    private void Line(string text, int indent = 0) => output.WriteLine(new string('\t', indent) + text);
}
