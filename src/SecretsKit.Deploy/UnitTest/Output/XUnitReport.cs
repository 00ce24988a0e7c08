using System.Globalization;
using System.Xml;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// helm-unittest's xUnit v2 XML (<c>-t XUnit</c>, its default): <c>assemblies</c>, one <c>assembly</c> per suite file
/// (its counts, the run's date and time, the platform as <c>environment</c>) holding one <c>collection</c> of <c>test</c>s
/// (<c>Pass</c>, <c>Fail</c> with a <c>failure</c> whose stack trace is the test's assertion lines, <c>Skip</c> with a
/// <c>reason</c>); a suite that could not run is an assembly with one error and no collection.
/// </summary>
public static class XUnitReport
{
    private const string Method = "Helm-Validation";

    public static void Write(Stream stream, UnitTestResult result, ReportHost host)
    {
        using var xml = ReportXml.Create(stream);
        xml.WriteStartElement("assemblies");
        foreach (var suite in TestText.Suites(result)) Assembly(xml, suite, host);
        xml.WriteEndElement();
    }

    private static void Assembly(XmlWriter xml, SuiteResult suite, ReportHost host)
    {
        var errored = suite.Error is not null;
        var tests = errored ? [] : suite.Tests;
        xml.WriteStartElement("assembly");
        ReportXml.Attribute(xml, "name", suite.File);
        ReportXml.Attribute(xml, "config-file", suite.File);
        ReportXml.Attribute(xml, "test-framework", "helm-unittest");
        ReportXml.Attribute(xml, "run-date", host.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        ReportXml.Attribute(xml, "run-time", host.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
        ReportXml.Attribute(xml, "time", TestText.Seconds(TestText.Duration(suite)));
        ReportXml.Attribute(xml, "total", TestText.Count(errored ? 1 : tests.Count));
        ReportXml.Attribute(xml, "passed", TestText.Count(tests.Count(t => t.Passed && !t.Skipped)));
        ReportXml.Attribute(xml, "failed", TestText.Count(tests.Count(TestText.Failed)));
        ReportXml.Attribute(xml, "skipped", TestText.Count(tests.Count(t => t.Skipped)));
        ReportXml.Attribute(xml, "errors", TestText.Count(errored ? 1 : tests.Count(TestText.Errored)));
        ReportXml.Element(xml, "environment", host.Platform);
        if (errored)
        {
            xml.WriteStartElement("errors");
            xml.WriteStartElement("error");
            ReportXml.Attribute(xml, "type", "Error");
            ReportXml.Attribute(xml, "name", "Error");
            Failure(xml, Method + "-Error", "Error", suite.Error!);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        else
        {
            Collection(xml, suite);
        }
        xml.WriteEndElement();
    }

    private static void Collection(XmlWriter xml, SuiteResult suite)
    {
        xml.WriteStartElement("collection");
        ReportXml.Attribute(xml, "name", suite.Name);
        ReportXml.Attribute(xml, "time", TestText.Seconds(TestText.Duration(suite)));
        ReportXml.Attribute(xml, "total", TestText.Count(suite.Tests.Count));
        ReportXml.Attribute(xml, "passed", TestText.Count(suite.Tests.Count(t => t.Passed && !t.Skipped)));
        ReportXml.Attribute(xml, "failed", TestText.Count(suite.Tests.Count(TestText.Failed)));
        ReportXml.Attribute(xml, "skipped", TestText.Count(suite.Tests.Count(t => t.Skipped)));
        foreach (var test in suite.Tests) Test(xml, TestText.ClassName(suite), test);
        xml.WriteEndElement();
    }

    private static void Test(XmlWriter xml, string className, TestResult test)
    {
        xml.WriteStartElement("test");
        ReportXml.Attribute(xml, "name", test.Name);
        ReportXml.Attribute(xml, "type", className);
        ReportXml.Attribute(xml, "method", Method);
        ReportXml.Attribute(xml, "time", TestText.Seconds(test.Duration));
        ReportXml.Attribute(xml, "result", test.Skipped ? "Skip" : test.Passed ? "Pass" : "Fail");
        if (test.Skipped) ReportXml.CData(xml, "reason", TestText.Stringify(test));
        else if (!test.Passed) Failure(xml, TestText.Errored(test) ? Method + "-Error" : Method, "Failed", TestText.Stringify(test));
        xml.WriteEndElement();
    }

    private static void Failure(XmlWriter xml, string exceptionType, string message, string stackTrace)
    {
        xml.WriteStartElement("failure");
        ReportXml.Attribute(xml, "exception-type", exceptionType);
        ReportXml.CData(xml, "message", message);
        ReportXml.CData(xml, "stack-trace", stackTrace);
        xml.WriteEndElement();
    }
}
