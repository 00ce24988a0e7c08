using System.Xml.Linq;
using SecretsKit.Deploy.UnitTest.Output;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.Tests.UnitTest.Output;

/// <summary>
/// helm-unittest's four report formats over names and failure lines a suite author controls: each writes well-formed XML
/// whatever the text holds (a character XML cannot carry becomes U+FFFD, as Go's encoder writes it; <c>]]&gt;</c> inside a
/// CDATA section stays text), and a suite that could not be read is reported as helm-unittest reports it.
/// </summary>
public sealed class UnitTestReportsTests
{
    private const string Hostile = "a\u0001b ]]> <x> & \"q\" \uD800";

    private static readonly ReportHost Host = new(new DateTimeOffset(2026, 11, 28, 9, 5, 7, TimeSpan.Zero), "host", "/work", "me", "");

    private static UnitTestResult Result()
    {
        var failing = new TestResult(Hostile, false, false, "", null,
            [new AssertionResult(0, "equal", false, false, false, "", [Hostile])], TimeSpan.FromMilliseconds(12));
        var suite = new SuiteResult("charts/" + Hostile, "tests/a_test.yaml", false, false, false, null, [failing], new SnapshotCounts(0, 0, 0, 0));
        var broken = SuiteResult.Errored("tests/broken_test.yaml", "line 3: " + Hostile);
        return new UnitTestResult([new ChartResult("demo", "demo", false, null, [suite, broken])], TimeSpan.Zero, 1, 1);
    }

    private static XElement Write(string type)
    {
        using var stream = new MemoryStream();
        UnitTestReports.Find(type)!(stream, Result(), Host);
        return XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray())).Root!;
    }

    [Theory]
    [InlineData("XUnit")]
    [InlineData("JUnit")]
    [InlineData("NUnit")]
    [InlineData("Sonar")]
    public void Every_format_is_well_formed_xml_that_keeps_the_text_but_what_xml_cannot_hold(string type)
    {
        var text = Write(type).ToString();

        Assert.Contains("a\uFFFDb ]]&gt; &lt;x&gt; &amp;", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u0001", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Types_are_helm_unittests_four_in_any_case_xunit_first()
    {
        Assert.Equal(["XUnit", "JUnit", "NUnit", "Sonar"], UnitTestReports.Names);
        Assert.Equal("XUnit", UnitTestReports.Default);
        Assert.NotNull(UnitTestReports.Find("xunit"));
        Assert.Null(UnitTestReports.Find("TAP"));
    }

    [Fact]
    public void A_suite_that_could_not_be_read_is_an_xunit_assembly_with_one_error_and_an_nunit_fixture_failure()
    {
        var xunit = Write("XUnit").Elements("assembly").Single(a => a.Attribute("name")!.Value == "tests/broken_test.yaml");
        Assert.Equal(("1", "1"), (xunit.Attribute("total")!.Value, xunit.Attribute("errors")!.Value));
        Assert.Empty(xunit.Elements("collection"));
        var error = xunit.Element("errors")!.Element("error")!;
        Assert.Equal("Helm-Validation-Error", error.Element("failure")!.Attribute("exception-type")!.Value);
        Assert.StartsWith("line 3: ", error.Element("failure")!.Element("stack-trace")!.Value, StringComparison.Ordinal);

        var nunit = Write("NUnit");
        Assert.Equal(("2", "1", "1"), (nunit.Attribute("total")!.Value, nunit.Attribute("errors")!.Value, nunit.Attribute("failures")!.Value));
        var fixture = nunit.Elements("test-suite").Single(s => s.Attribute("description")!.Value == "tests/broken_test.yaml");
        Assert.Equal(("false", "Error"), (fixture.Attribute("executed")!.Value, fixture.Element("failure")!.Element("message")!.Value));
        Assert.Equal(("2026-11-28", "09:05:07"), (nunit.Attribute("date")!.Value, nunit.Attribute("time")!.Value));

        // helm-unittest's class name is the suite name after its last '/'
        var junit = Write("JUnit").Elements("testsuite").First();
        Assert.Equal(Hostile.Replace("\u0001", "\uFFFD", StringComparison.Ordinal).Replace("\uD800", "\uFFFD", StringComparison.Ordinal),
            junit.Element("testcase")!.Attribute("classname")!.Value);
    }
}
