using System.Globalization;
using System.Text;
using System.Xml;
using SecretsKit.Deploy.UnitTest.Running;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// helm-unittest's JUnit XML (<c>-t JUnit -o FILE</c>): one <c>testsuite</c> per suite, one <c>testcase</c> per test
/// with <c>failure</c> (its assertion lines, already redacted), <c>error</c> or <c>skipped</c>.
/// </summary>
public static class JUnitReport
{
    public static void Write(Stream stream, UnitTestResult result, string hostname, DateTimeOffset now)
    {
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "\t", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = false };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartElement("testsuites");
        var id = 0;
        foreach (var suite in result.Charts.SelectMany(c => c.Suites))
        {
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("id", (id++).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("tests", suite.Tests.Count.ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("failures", suite.Tests.Count(t => !t.Skipped && !t.Passed && t.Error is null).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("errors", suite.Tests.Count(t => !t.Skipped && !t.Passed && t.Error is not null).ToString(CultureInfo.InvariantCulture));
            xml.WriteAttributeString("package", "");
            xml.WriteAttributeString("time", Seconds(TimeSpan.FromTicks(suite.Tests.Sum(t => t.Duration.Ticks))));
            xml.WriteAttributeString("name", suite.Name);
            xml.WriteAttributeString("timestamp", now.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
            xml.WriteAttributeString("hostname", hostname);
            xml.WriteStartElement("properties");
            xml.WriteStartElement("property");
            xml.WriteAttributeString("name", "helm-unittest.version");
            xml.WriteAttributeString("value", "1.6");
            xml.WriteEndElement();
            xml.WriteEndElement();
            foreach (var test in suite.Tests) Case(xml, suite.Name, test);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Case(XmlWriter xml, string suite, TestResult test)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", suite.Replace(' ', '_'));
        xml.WriteAttributeString("name", test.Name);
        xml.WriteAttributeString("time", Seconds(test.Duration));
        if (test.Skipped)
        {
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", Flatten(test));
            xml.WriteEndElement();
        }
        else if (!test.Passed)
        {
            xml.WriteStartElement(test.Error is null ? "failure" : "error");
            xml.WriteAttributeString("message", test.Error is null ? "Failed" : "Error");
            xml.WriteAttributeString("type", "");
            xml.WriteString(test.Error ?? Flatten(test));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    /// <summary>helm-unittest's one-line form of a test's outcome (newlines as commas, no tabs).</summary>
    private static string Flatten(TestResult test)
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
        return sb.ToString().Replace("\n", ",", StringComparison.Ordinal).Replace("\t", "", StringComparison.Ordinal);
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}
