using System.Text;

namespace SecretsKit.Cel.Syntax;

/// <summary>
/// cel-go's <c>Error.ToDisplayString</c> for a position in an expression's source: <c>ERROR: &lt;input&gt;:line:column:
/// message</c> (1-based, columns in code points), then the source line (tabs as spaces) and an indicator line with a caret
/// under the position (full-width dot and caret where the character is not ASCII).
/// </summary>
internal static class ErrorDisplay
{
    public static string At(string source, int position, string message)
    {
        var lineStart = position == 0 ? 0 : source.LastIndexOf('\n', position - 1) + 1;
        var line = 1 + source.AsSpan(0, lineStart).Count('\n');
        var lineEnd = source.IndexOf('\n', lineStart);
        var snippet = source[lineStart..(lineEnd < 0 ? source.Length : lineEnd)].Replace('\t', ' ');
        var indicator = new StringBuilder();
        var column = 0;
        foreach (var rune in source[lineStart..position].EnumerateRunes())
        {
            indicator.Append(rune.Utf8SequenceLength > 1 ? "\uFF0E" : ".");
            column++;
        }
        var at = position < source.Length && Rune.TryGetRuneAt(source, position, out var r) && r.Utf8SequenceLength > 1 ? "\uFF3E" : "^";
        return $"ERROR: <input>:{line}:{column + 1}: {message}\n | {snippet}\n | {indicator}{at}";
    }
}
