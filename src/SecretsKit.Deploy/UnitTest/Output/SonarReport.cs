using System.Globalization;
using System.Xml;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// helm-unittest's SonarQube generic test execution XML (<c>-t Sonar</c>): <c>testExecutions version="1"</c>, a
/// <c>file</c> per suite file, a <c>testCase</c> per test with its duration in milliseconds and an <c>error</c>,
/// <c>skipped</c> or <c>failure</c> whose text is the test's outcome.
/// </summary>
public static class SonarReport
{
    public static void Write(Stream stream, UnitTestResult result, ReportHost host)
    {
        using var xml = ReportXml.Create(stream);
        xml.WriteStartElement("testExecutions");
        ReportXml.Attribute(xml, "version", "1");
        foreach (var suite in TestText.Suites(result))
        {
            xml.WriteStartElement("file");
            ReportXml.Attribute(xml, "path", suite.File);
            foreach (var test in suite.Tests) Case(xml, test);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Case(XmlWriter xml, TestResult test)
    {
        xml.WriteStartElement("testCase");
        ReportXml.Attribute(xml, "name", test.Name);
        ReportXml.Attribute(xml, "duration", ((long)test.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        if (TestText.Errored(test)) Outcome(xml, "error", "Error", test.Error!);
        if (test.Skipped) Outcome(xml, "skipped", "Skipped", TestText.Stringify(test));
        if (TestText.Failed(test)) Outcome(xml, "failure", "Failed", TestText.Stringify(test));
        xml.WriteEndElement();
    }

    private static void Outcome(XmlWriter xml, string element, string message, string text)
    {
        xml.WriteStartElement(element);
        ReportXml.Attribute(xml, "message", message);
        xml.WriteCData(ReportXml.Clean(text));
        xml.WriteEndElement();
    }
}
