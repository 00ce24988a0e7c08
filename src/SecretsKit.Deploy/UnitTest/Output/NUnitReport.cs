using System.Globalization;
using System.Xml;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// helm-unittest's NUnit 2.5 XML (<c>-t NUnit</c>): <c>test-results</c> with the run's counts, date and time, the
/// <c>environment</c> and <c>culture-info</c>, then one <c>TestFixture</c> <c>test-suite</c> per suite whose
/// <c>results</c> hold a <c>test-case</c> per test (a <c>failure</c> with the assertion lines as its stack trace, or a
/// skip <c>reason</c>); a suite that could not run carries the error as its own <c>failure</c>.
/// </summary>
public static class NUnitReport
{
    public static void Write(Stream stream, UnitTestResult result, ReportHost host)
    {
        var suites = TestText.Suites(result).ToList();
        var tests = suites.Where(s => s.Error is null).SelectMany(s => s.Tests).ToList();
        var erroredSuites = suites.Count(s => s.Error is not null);
        using var xml = ReportXml.Create(stream);
        xml.WriteStartElement("test-results");
        ReportXml.Attribute(xml, "name", "helm-unittest");
        ReportXml.Attribute(xml, "total", TestText.Count(tests.Count + erroredSuites));
        ReportXml.Attribute(xml, "errors", TestText.Count(tests.Count(TestText.Errored) + erroredSuites));
        ReportXml.Attribute(xml, "failures", TestText.Count(tests.Count(TestText.Failed)));
        foreach (var none in (string[])["inconclusive", "not-run", "ignored"]) ReportXml.Attribute(xml, none, "0");
        ReportXml.Attribute(xml, "skipped", TestText.Count(tests.Count(t => t.Skipped)));
        ReportXml.Attribute(xml, "invalid", "0");
        ReportXml.Attribute(xml, "date", host.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        ReportXml.Attribute(xml, "time", host.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        Environment(xml, host);
        foreach (var suite in suites) Suite(xml, suite);
        xml.WriteEndElement();
    }

    private static void Environment(XmlWriter xml, ReportHost host)
    {
        xml.WriteStartElement("environment");
        foreach (var (name, value) in (ReadOnlySpan<(string, string)>)[
            ("nunit-version", "2.5.8.0"), ("clr-version", "unknown"), ("os-version", "unknown"), ("platform", host.Platform),
            ("cwd", host.WorkingDirectory), ("machine-name", host.Hostname), ("user", host.User), ("user-domain", host.UserDomain)])
        {
            ReportXml.Attribute(xml, name, value);
        }
        xml.WriteEndElement();
        xml.WriteStartElement("culture-info");
        ReportXml.Attribute(xml, "current-culture", host.Culture.Language);
        ReportXml.Attribute(xml, "current-uiculture", host.Culture.Culture);
        xml.WriteEndElement();
    }

    private static void Suite(XmlWriter xml, SuiteResult suite)
    {
        xml.WriteStartElement("test-suite");
        ReportXml.Attribute(xml, "type", "TestFixture");
        ReportXml.Attribute(xml, "name", suite.Name);
        ReportXml.Attribute(xml, "description", suite.File);
        ReportXml.Attribute(xml, "success", suite.Passed ? "true" : "false");
        ReportXml.Attribute(xml, "time", TestText.Seconds(TestText.Duration(suite)));
        ReportXml.Attribute(xml, "executed", suite.Error is null && !suite.Skipped ? "true" : "false");
        ReportXml.Attribute(xml, "asserts", "");
        ReportXml.Attribute(xml, "result", Result(suite.Passed, suite.Skipped));
        if (suite.Error is { } error) Failure(xml, "Error", error);
        else if (suite.Tests.Count > 0)
        {
            xml.WriteStartElement("results");
            foreach (var test in suite.Tests) Case(xml, TestText.ClassName(suite), test);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Case(XmlWriter xml, string className, TestResult test)
    {
        xml.WriteStartElement("test-case");
        ReportXml.Attribute(xml, "name", test.Name);
        ReportXml.Attribute(xml, "description", className + "." + test.Name);
        ReportXml.Attribute(xml, "success", test.Passed ? "true" : "false");
        ReportXml.Attribute(xml, "time", TestText.Seconds(test.Duration));
        ReportXml.Attribute(xml, "executed", test.Error is null && !test.Skipped ? "true" : "false");
        ReportXml.Attribute(xml, "asserts", "0");
        ReportXml.Attribute(xml, "result", Result(test.Passed, test.Skipped));
        if (test.Skipped)
        {
            xml.WriteStartElement("reason");
            ReportXml.Element(xml, "message", TestText.Stringify(test));
            xml.WriteEndElement();
        }
        else if (!test.Passed) Failure(xml, "Failed", TestText.Stringify(test));
        xml.WriteEndElement();
    }

    private static void Failure(XmlWriter xml, string message, string stackTrace)
    {
        xml.WriteStartElement("failure");
        ReportXml.Element(xml, "message", message);
        ReportXml.Element(xml, "stack-trace", stackTrace);
        xml.WriteEndElement();
    }

    private static string Result(bool passed, bool skipped) => skipped ? "Skipped" : passed ? "Success" : "Failed";
}
