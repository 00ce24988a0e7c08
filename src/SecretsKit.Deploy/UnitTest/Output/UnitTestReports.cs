using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// The report formats of <c>-t/--output-type</c>, helm-unittest's four (its default, XUnit, first), each one row: its
/// name (matched without regard to case, as helm-unittest does) and its writer.
/// </summary>
public static class UnitTestReports
{
    public const string Default = "XUnit";

    private static readonly (string Name, Action<Stream, UnitTestResult, ReportHost> Write)[] Table =
    [
        ("XUnit", XUnitReport.Write),
        ("JUnit", JUnitReport.Write),
        ("NUnit", NUnitReport.Write),
        ("Sonar", SonarReport.Write),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(t => t.Name)];

    /// <summary>The writer of <paramref name="type"/>, or null when no format has that name.</summary>
    public static Action<Stream, UnitTestResult, ReportHost>? Find(string type) =>
        Table.FirstOrDefault(t => string.Equals(t.Name, type, StringComparison.OrdinalIgnoreCase)).Write;
}
