namespace SecretsKit.Templates.Syntax;

/// <summary>A template's name and text; turns byte offsets into Go's <c>NAME:LINE:COL</c> locations.</summary>
internal sealed record TemplateSource(string Name, string Text)
{
    public int Line(int offset) => 1 + Text.AsSpan(0, Math.Min(offset, Text.Length)).Count('\n');

    /// <summary>Go's column: the 0-based offset within the line (as <c>parse.Tree.ErrorContext</c> reports it).</summary>
    public int Column(int offset)
    {
        offset = Math.Min(offset, Text.Length);
        var lineStart = Text.LastIndexOf('\n', Math.Max(0, offset - 1)) is var nl && nl >= 0 && nl < offset ? nl + 1 : 0;
        return offset - lineStart;
    }

    public string Location(int offset) => $"{Name}:{Line(offset)}:{Column(offset)}";

    /// <summary>Go's parse errors name the line only: <c>template: NAME:LINE: message</c>.</summary>
    public GoTemplateException ParseError(int offset, string message) => new($"template: {Name}:{Line(offset)}: {message}");
}
