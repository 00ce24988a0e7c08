using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Sealing;

/// <summary>
/// A rendered manifest stream cut into its documents at <c>---</c> lines, each kept as its text (so a document nobody
/// changes is written back byte for byte), with the template it came from: helm's <c>Source:</c> comment, or Helm 4's
/// <c>postrenderer.helm.sh/postrender-filename</c> annotation in what a post-renderer reads.
/// </summary>
public static partial class ManifestDocuments
{
    /// <summary>One document: <paramref name="Separator"/> is its <c>---</c> line (empty for a first document without one).</summary>
    public sealed record Document(string Separator, string Text)
    {
        /// <summary>The chart template it was rendered from, or null.</summary>
        public string? Template => SourceComment().Match(Text) is { Success: true } s ? s.Groups[1].Value.Trim()
            : PostRenderFile().Match(Text) is { Success: true } a ? a.Groups[1].Value : null;

        /// <summary>Whether it holds anything but comments and blank lines.</summary>
        public bool HasContent => Text.Split('\n').Any(l => l.Trim() is { Length: > 0 } t && !t.StartsWith('#') && t != "...");
    }

    public static List<Document> Split(string stream)
    {
        var documents = new List<Document>();
        var start = 0;
        var separator = "";
        foreach (Match m in SeparatorLine().Matches(stream))
        {
            if (m.Index > start || separator.Length > 0) documents.Add(new Document(separator, stream[start..m.Index]));
            separator = m.Value;
            start = Math.Min(stream.Length, m.Index + m.Length + 1);
        }
        if (start < stream.Length || separator.Length > 0) documents.Add(new Document(separator, stream[start..]));
        return documents;
    }

    public static string Join(IEnumerable<Document> documents)
    {
        var sb = new StringBuilder();
        foreach (var d in documents)
        {
            if (d.Separator.Length > 0) sb.Append(d.Separator).Append('\n');
            sb.Append(d.Text);
        }
        return sb.ToString();
    }

    /// <summary>The leading comment and blank lines of a document (helm's <c>Source:</c> line), kept above a document made in its place.</summary>
    public static string Comments(string text) => text[..BodyStart(text)];

    /// <summary>The document from its first line that is neither blank nor a comment.</summary>
    public static string Body(string text) => text[BodyStart(text)..];

    private static int BodyStart(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var end = text.IndexOf('\n', at);
            var line = end < 0 ? text[at..] : text[at..end];
            if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#')) return at;
            if (end < 0) return text.Length;
            at = end + 1;
        }
        return at;
    }

    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SeparatorLine();

    [GeneratedRegex(@"^#\s*Source:\s*(.+)$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SourceComment();

    [GeneratedRegex(@"postrenderer\.helm\.sh/postrender-filename['""]?\s*:\s*['""]?([^'""\r\n]+)", RegexOptions.CultureInvariant)]
    private static partial Regex PostRenderFile();
}
