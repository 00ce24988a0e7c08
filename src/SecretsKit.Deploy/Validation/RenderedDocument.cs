using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// One document of a multi-document manifest stream (helm's rendering, a file, stdin) with the template helm's
/// <c># Source:</c> comment names, parsed; <see cref="ParseError"/> instead when it is not YAML.
/// </summary>
internal sealed partial record RenderedDocument(string? Template, YamlMappingNode? Root, string? ParseError, int Line)
{
    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^# Source: (?<t>[^\r\n]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Source();

    /// <summary>Splits <paramref name="text"/> at <c>---</c> lines; empty documents and bare comments are dropped.</summary>
    public static IEnumerable<RenderedDocument> Split(string text)
    {
        var start = 0;
        foreach (Match m in Separator().Matches(text))
        {
            if (Parse(text, start, m.Index) is { } doc) yield return doc;
            start = m.Index + m.Length;
        }
        if (Parse(text, start, text.Length) is { } last) yield return last;
    }

    private static RenderedDocument? Parse(string text, int start, int end)
    {
        var chunk = text[start..end];
        var template = Source().Match(chunk) is { Success: true } s ? s.Groups["t"].Value.Trim() : null;
        var line = 1 + text.AsSpan(0, start).Count('\n');
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(chunk));
            if (stream.Documents.Count == 0) return null;
            var root = stream.Documents[0].RootNode;
            if (root is YamlScalarNode { Value: null or "" }) return null;
            return root is YamlMappingNode map
                ? new RenderedDocument(template, map, null, line)
                : new RenderedDocument(template, null, "the document is not a mapping (an object)", line);
        }
        catch (YamlException e)
        {
            return new RenderedDocument(template, null, $"not valid YAML (line {line + e.Start.Line - 1}, column {e.Start.Column}): {FirstLine(e.Message)}", line);
        }
    }

    /// <summary>YamlDotNet's messages name positions and token kinds, not content; only the first line is kept.</summary>
    private static string FirstLine(string message)
    {
        var text = message.Split('\n')[0].Trim();
        var close = text.IndexOf("): ", StringComparison.Ordinal);
        return close >= 0 ? text[(close + 3)..] : text;
    }
}
