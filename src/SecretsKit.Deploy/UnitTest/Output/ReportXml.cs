using System.Text;
using System.Xml;

namespace SecretsKit.Deploy.UnitTest.Output;

/// <summary>
/// How helm-unittest writes its XML reports (Go's <c>xml.MarshalIndent</c> with a tab, and no XML declaration), and
/// text made safe for XML: a character XML 1.0 cannot hold becomes U+FFFD, as Go's encoder writes it.
/// </summary>
internal static class ReportXml
{
    public static XmlWriter Create(Stream stream) => XmlWriter.Create(stream, new XmlWriterSettings
    {
        Indent = true, IndentChars = "\t", Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, NewLineChars = "\n",
    });

    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
                continue;
            }
            sb.Append(Valid(c) && !char.IsSurrogate(c) ? c : '\uFFFD');
        }
        return sb.ToString();
    }

    public static void Attribute(XmlWriter xml, string name, string value) => xml.WriteAttributeString(name, Clean(value));

    public static void Element(XmlWriter xml, string name, string text)
    {
        xml.WriteStartElement(name);
        xml.WriteString(Clean(text));
        xml.WriteEndElement();
    }

    public static void CData(XmlWriter xml, string name, string text)
    {
        xml.WriteStartElement(name);
        xml.WriteCData(Clean(text));
        xml.WriteEndElement();
    }

    private static bool Valid(char c) => c is '\t' or '\n' or '\r' || (c >= ' ' && c != '\uFFFE' && c != '\uFFFF');
}
