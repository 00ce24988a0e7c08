using System.Xml;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// helm-unittest's JUnit XML (<c>-t JUnit -o FILE</c>): <c>testsuites</c>, one <c>testsuite</c> per suite (id, counts,
/// time, name, timestamp, hostname, the <c>helm-unittest.version</c> property), one <c>testcase</c> per test with
/// <c>error</c> (the error), <c>skipped</c> or <c>failure</c> (the assertion lines in one line, already redacted).
/// </summary>
public static class JUnitReport
{
    public static void Write(Stream stream, UnitTestResult result, ReportHost host)
    {
        using var xml = ReportXml.Create(stream);
        xml.WriteStartElement("testsuites");
        var id = 0;
        foreach (var suite in TestText.Suites(result))
        {
            xml.WriteStartElement("testsuite");
            ReportXml.Attribute(xml, "id", TestText.Count(id++));
            ReportXml.Attribute(xml, "tests", TestText.Count(suite.Tests.Count));
            ReportXml.Attribute(xml, "failures", TestText.Count(suite.Tests.Count(TestText.Failed)));
            ReportXml.Attribute(xml, "errors", TestText.Count(suite.Tests.Count(TestText.Errored)));
            ReportXml.Attribute(xml, "package", "");
            ReportXml.Attribute(xml, "time", TestText.Seconds(TestText.Duration(suite)));
            ReportXml.Attribute(xml, "name", suite.Name);
            ReportXml.Attribute(xml, "timestamp", host.Now.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            ReportXml.Attribute(xml, "hostname", host.Hostname);
            xml.WriteStartElement("properties");
            xml.WriteStartElement("property");
            ReportXml.Attribute(xml, "name", "helm-unittest.version");
            ReportXml.Attribute(xml, "value", "1.6");
            xml.WriteEndElement();
            xml.WriteEndElement();
            foreach (var test in suite.Tests) Case(xml, TestText.ClassName(suite), test);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Case(XmlWriter xml, string className, TestResult test)
    {
        xml.WriteStartElement("testcase");
        ReportXml.Attribute(xml, "classname", className);
        ReportXml.Attribute(xml, "name", test.Name);
        ReportXml.Attribute(xml, "time", TestText.Seconds(test.Duration));
        if (TestText.Errored(test)) Outcome(xml, "error", "Error", test.Error!);
        if (test.Skipped)
        {
            xml.WriteStartElement("skipped");
            ReportXml.Attribute(xml, "message", TestText.Flatten(test));
            xml.WriteEndElement();
        }
        if (TestText.Failed(test)) Outcome(xml, "failure", "Failed", TestText.Flatten(test));
        xml.WriteEndElement();
    }

    private static void Outcome(XmlWriter xml, string element, string message, string text)
    {
        xml.WriteStartElement(element);
        ReportXml.Attribute(xml, "message", message);
        ReportXml.Attribute(xml, "type", "");
        xml.WriteString(ReportXml.Clean(text));
        xml.WriteEndElement();
    }
}
