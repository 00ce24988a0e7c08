using System.Numerics;
using System.Text;
using SecretsKit.Deploy.Validation.Tree;
using YamlDotNet.Core;

namespace SecretsKit.Deploy.Validation;

/// <summary>
/// One document of a multi-document manifest stream (helm's rendering, a file, stdin) with the template helm's
/// <c># Source:</c> comment names, parsed; <see cref="ParseError"/> instead when it is not YAML. The light parser reads
/// the common shape of <c>helm template</c> output; any other document is parsed by YamlDotNet, to the same tree.
/// </summary>
internal sealed record RenderedDocument(string? Template, ManifestMapping? Root, string? ParseError, int Line)
{
    /// <summary>Some mapping of <see cref="Root"/> has a key written twice (<see cref="ManifestMapping.Duplicates"/>).</summary>
    public bool HasDuplicateKeys { get; init; }

    /// <summary>The nodes of <see cref="Root"/> when the light parser read it (no aliases, bounded depth); null otherwise.</summary>
    public int? NodeCount { get; init; }

    /// <summary>Splits <paramref name="text"/> at <c>---</c> lines; empty documents and bare comments are dropped.</summary>
    public static IEnumerable<RenderedDocument> Split(string text)
    {
        var repeated = new RepeatedValues();
        foreach (var range in Ranges(text))
        {
            if (Parse(text, range, repeated) is { } doc) yield return doc;
        }
    }

    /// <summary>Splits <paramref name="source"/> as <see cref="Split(string)"/> does, from its bytes when it was read as bytes.</summary>
    public static IEnumerable<RenderedDocument> Split(ManifestSource source)
    {
        var repeated = new RepeatedValues();
        foreach (var range in Ranges(source))
        {
            if (Parse(source, range, repeated) is { } doc) yield return doc;
        }
    }

    /// <summary>The ranges of <paramref name="source"/>: in its bytes when it was read as bytes, else in its text.</summary>
    public static List<DocumentRange> Ranges(ManifestSource source) =>
        source.Utf8.IsEmpty ? Ranges(source.Text) : Ranges(source.Utf8.Span);

    /// <summary>The document at <paramref name="range"/> of <paramref name="source"/> (<see cref="Ranges(ManifestSource)"/>);
    /// its large values are shared with the other documents parsed with <paramref name="repeated"/> where their bytes repeat.</summary>
    public static RenderedDocument? Parse(ManifestSource source, DocumentRange range, RepeatedValues repeated) =>
        source.Utf8.IsEmpty ? Parse(source.Text, range, repeated) : Parse(source.Utf8, range, repeated);

    /// <summary>Where each document of <paramref name="text"/> lies between <c>---</c> lines (start, end, first line),
    /// found without parsing, so that the documents can be parsed apart (<see cref="Parse(string, DocumentRange, RepeatedValues)"/>).</summary>
    public static List<DocumentRange> Ranges(string text) => Ranges(text.AsSpan());

    /// <summary><see cref="Ranges(string)"/> on UTF-8 bytes: the same ranges, in bytes (a separator line is ASCII, so no
    /// multi-byte sequence spans two documents).</summary>
    public static List<DocumentRange> Ranges(ReadOnlySpan<byte> utf8) => Ranges<byte>(utf8);

    /// <summary>
    /// The separator is a line <c>---</c>, then spaces or tabs, then nothing or a <c># comment</c> (the regular expression
    /// <c>^---[ \t]*(?:#.*)?$</c>, multi-line); the separator ends before its line's newline, which starts the next
    /// document. Found by a vectorised search for <c>---</c> rather than line by line.
    /// </summary>
    private static List<DocumentRange> Ranges<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        T newline = T.CreateTruncating('\n'), space = T.CreateTruncating(' '), tab = T.CreateTruncating('\t'), hash = T.CreateTruncating('#');
        ReadOnlySpan<T> dashes = [T.CreateTruncating('-'), T.CreateTruncating('-'), T.CreateTruncating('-')];
        var ranges = new List<DocumentRange>();
        int start = 0, line = 1;
        for (var from = 0; from < text.Length;)
        {
            var found = text[from..].IndexOf(dashes);
            if (found < 0) break;
            var at = from + found;
            var end = at + 3;
            while (end < text.Length && (text[end] == space || text[end] == tab)) end++;
            if ((at > 0 && text[at - 1] != newline) || (end < text.Length && text[end] != newline && text[end] != hash))
            {
                from = at + 1;
                continue;
            }
            if (end < text.Length && text[end] == hash) end += text[end..].IndexOf(newline) is var comment and >= 0 ? comment : text.Length - end;
            ranges.Add(new DocumentRange(start, at, line));
            line += text[start..end].Count(newline);
            start = from = end;
        }
        ranges.Add(new DocumentRange(start, text.Length, line));
        return ranges;
    }

    /// <summary>The document at <paramref name="range"/> of <paramref name="text"/>; null when it is empty or only comments.</summary>
    public static RenderedDocument? Parse(string text, DocumentRange range, RepeatedValues repeated) => Parse(text, range.Start, range.End, range.Line, repeated);

    /// <summary>The document at <paramref name="range"/> of <paramref name="utf8"/> (<see cref="Ranges(ReadOnlySpan{byte})"/>),
    /// parsed from its bytes; its tree's texts are read from <paramref name="utf8"/>, which must not change afterwards.</summary>
    public static RenderedDocument? Parse(ReadOnlyMemory<byte> utf8, DocumentRange range, RepeatedValues repeated)
    {
        var (start, end, line) = range;
        var document = utf8.Span.Slice(start, end - start);
        var template = TemplateName(document) is var (at, length) ? Encoding.UTF8.GetString(document.Slice(at, length)).Trim() : null;
        switch (LightYaml.TryParse(utf8, start, end, out var nodes, repeated))
        {
            case ManifestMapping light: return new RenderedDocument(template, light, null, line) { NodeCount = nodes };
            case { } empty when ReferenceEquals(empty, LightYaml.Empty): return null;
        }
        return ParseOutsideSubset(Encoding.UTF8.GetString(document), template, line);
    }

    private static RenderedDocument? Parse(string text, int start, int end, int line, RepeatedValues repeated)
    {
        var document = text.AsSpan(start, end - start);
        var template = TemplateName(document) is var (at, length) ? document.Slice(at, length).ToString().Trim() : null;
        switch (LightYaml.TryParse(text, start, end, out var nodes, repeated))
        {
            case ManifestMapping light: return new RenderedDocument(template, light, null, line) { NodeCount = nodes };
            case { } empty when ReferenceEquals(empty, LightYaml.Empty): return null;
        }
        return ParseOutsideSubset(text[start..end], template, line);
    }

    /// <summary>A document the light parser leaves (<see cref="LightYaml"/>): YamlDotNet's to parse or to report.</summary>
    private static RenderedDocument? ParseOutsideSubset(string document, string? template, int line)
    {
        try
        {
            var root = YamlEventTree.Parse(document, out var duplicates);
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

    /// <summary>
    /// Where the template name of helm's first <c># Source: NAME</c> line of <paramref name="document"/> lies (the
    /// regular expression <c>^# Source: (?&lt;t&gt;[^\r\n]+)</c>, multi-line: the name runs to the line's end or a carriage
    /// return and is not empty); null when there is none.
    /// </summary>
    private static (int Start, int Length)? TemplateName<T>(ReadOnlySpan<T> document) where T : unmanaged, IBinaryInteger<T>
    {
        T newline = T.CreateTruncating('\n'), carriageReturn = T.CreateTruncating('\r');
        Span<T> prefix = stackalloc T[SourcePrefix.Length];
        for (var i = 0; i < prefix.Length; i++) prefix[i] = T.CreateTruncating(SourcePrefix[i]);
        for (var from = 0; from < document.Length;)
        {
            var found = document[from..].IndexOf(prefix);
            if (found < 0) return null;
            var at = from + found;
            var name = at + prefix.Length;
            var length = document[name..].IndexOfAny(newline, carriageReturn) is var stop and >= 0 ? stop : document.Length - name;
            if ((at == 0 || document[at - 1] == newline) && length > 0) return (name, length);
            from = at + 1;
        }
        return null;
    }

    private const string SourcePrefix = "# Source: ";

    /// <summary>YamlDotNet's messages name positions and token kinds, not content; only the first line is kept.</summary>
    private static string FirstLine(string message)
    {
        var text = message.Split('\n')[0].Trim();
        var close = text.IndexOf("): ", StringComparison.Ordinal);
        return close >= 0 ? text[(close + 3)..] : text;
    }
}
