using System.Globalization;
using System.Text;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// The words helm-unittest's XML reports use for a test and a suite: a test's outcome as its <c>Stringify</c> writes it
/// (the skip line, the error, each assertion's title and failure lines, already redacted), the one-line form of it
/// attributes take, the class name taken from a suite's name, a suite's duration (the sum of its tests').
/// </summary>
internal static class TestText
{
    /// <summary>A test's outcome, lines ending in <c>\n</c>, assertion lines indented with tabs.</summary>
    public static string Stringify(TestResult test)
    {
        var sb = new StringBuilder();
        if (test.Skipped) sb.Append("SKIPPED '").Append(test.Name).Append("' \n");
        if (test.Error is { } e) sb.Append(e).Append('\n');
        foreach (var a in test.Asserts)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\t\t - asserts[{a.Index}]{(a.Not ? " NOT" : "")} `{a.Type}` fail \n");
            if (!a.Skipped) foreach (var line in a.Info) sb.Append("\t\t\t ").Append(line).Append(" \n");
            else sb.Append("\t\t\t ").Append(a.SkipReason).Append(" \n");
        }
        return sb.ToString();
    }

    /// <summary><see cref="Stringify"/> for an XML attribute: newlines as commas, no tabs.</summary>
    public static string Flatten(TestResult test) =>
        Stringify(test).Replace("\n", ",", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);

    /// <summary>The class name of a suite's tests: the suite name after its last <c>/</c>.</summary>
    public static string ClassName(SuiteResult suite) => suite.Name[(suite.Name.LastIndexOf('/') + 1)..];

    public static TimeSpan Duration(SuiteResult suite) => TimeSpan.FromTicks(suite.Tests.Sum(t => t.Duration.Ticks));

    /// <summary>Seconds with three decimals, as helm-unittest's <c>time</c> attributes.</summary>
    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A count as an attribute.</summary>
    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>Every suite of the run in order (a chart's errored suite too), as helm-unittest hands its reports.</summary>
    public static IEnumerable<SuiteResult> Suites(UnitTestResult result) => result.Charts.SelectMany(c => c.Suites);

    /// <summary>Whether a failed test failed by an error before its assertions (helm-unittest's <c>ExecError</c>).</summary>
    public static bool Errored(TestResult test) => !test.Skipped && !test.Passed && test.Error is not null;

    /// <summary>Whether a test failed by its assertions.</summary>
    public static bool Failed(TestResult test) => !test.Skipped && !test.Passed && test.Error is null;
}
