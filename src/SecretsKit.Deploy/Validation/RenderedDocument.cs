using System.Text.RegularExpressions;
using SecretsKit.Deploy.Validation.Tree;
using YamlDotNet.Core;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// One document of a multi-document manifest stream (helm's rendering, a file, stdin) with the template helm's
/// <c># Source:</c> comment names, parsed; <see cref="ParseError"/> instead when it is not YAML. The light parser reads
/// the common shape of <c>helm template</c> output; any other document is parsed by YamlDotNet, to the same tree.
/// </summary>
internal sealed partial record RenderedDocument(string? Template, ManifestMapping? Root, string? ParseError, int Line)
{
    /// <summary>Some mapping of <see cref="Root"/> has a key written twice (<see cref="ManifestMapping.Duplicates"/>).</summary>
    public bool HasDuplicateKeys { get; init; }

    /// <summary>The nodes of <see cref="Root"/> when the light parser read it (no aliases, bounded depth); null otherwise.</summary>
    public int? NodeCount { get; init; }

    [GeneratedRegex(@"^---[ \t]*(?:#.*)?$", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Separator();

    [GeneratedRegex(@"^# Source: (?<t>[^\r\n]+)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex Source();

    /// <summary>Splits <paramref name="text"/> at <c>---</c> lines; empty documents and bare comments are dropped.</summary>
    public static IEnumerable<RenderedDocument> Split(string text)
    {
        foreach (var range in Ranges(text))
        {
            if (Parse(text, range) is { } doc) yield return doc;
        }
    }

    /// <summary>Where each document of <paramref name="text"/> lies between <c>---</c> lines (start, end, first line),
    /// found without parsing, so that the documents can be parsed apart (<see cref="Parse(string, DocumentRange)"/>).</summary>
    public static List<DocumentRange> Ranges(string text)
    {
        var ranges = new List<DocumentRange>();
        var start = 0;
        var line = 1;
        foreach (Match m in Separator().Matches(text))
        {
            ranges.Add(new DocumentRange(start, m.Index, line));
            line += text.AsSpan(start, m.Index + m.Length - start).Count('\n');
            start = m.Index + m.Length;
        }
        ranges.Add(new DocumentRange(start, text.Length, line));
        return ranges;
    }

    /// <summary>The document at <paramref name="range"/> of <paramref name="text"/>; null when it is empty or only comments.</summary>
    public static RenderedDocument? Parse(string text, DocumentRange range) => Parse(text, range.Start, range.End, range.Line);

    private static RenderedDocument? Parse(string text, int start, int end, int line)
    {
        var template = Source().Match(text, start, end - start) is { Success: true } s ? s.Groups["t"].Value.Trim() : null;
        switch (LightYaml.TryParse(text, start, end, out var nodes))
        {
            case ManifestMapping light: return new RenderedDocument(template, light, null, line) { NodeCount = nodes };
            case { } empty when ReferenceEquals(empty, LightYaml.Empty): return null;
        }
        try
        {
            var root = YamlEventTree.Parse(text[start..end], out var duplicates);
            if (root is null or ManifestScalar { Value: "" }) return null;
            return root is ManifestMapping map
                ? new RenderedDocument(template, map, null, line) { HasDuplicateKeys = duplicates }
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
