using System.Text;
using SecretsKit.Cel;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// The one type check of the API server's composited compiler that an untyped evaluation would only meet at run time:
/// <c>variables</c> is an object type whose fields are the variables compiled so far (<c>k8s.io/apiserver</c>'s
/// <c>cel/composition.go</c> compiles them in order, each seeing only earlier ones; every other expression sees all), so
/// selecting a later or undeclared one is cel-go's checker error <c>undefined field 'name'</c>, in cel-go's display form
/// (<c>ERROR: &lt;input&gt;:line:column: …</c>, the source line and a caret under the selection), after the API server's
/// <c>compilation failed: </c>.
/// </summary>
internal static class UndefinedVariables
{
    /// <summary>The compile error of <paramref name="program"/> when it selects a variable <paramref name="declared"/> does not hold; else null.</summary>
    public static string? Check(CelProgram program, Func<string, bool> declared)
    {
        List<string>? issues = null;
        foreach (var (field, position) in program.FieldSelections("variables"))
        {
            if (!declared(field)) (issues ??= []).Add(Display(program.Source, position, $"undefined field '{field}'"));
        }
        return issues is null ? null : "compilation failed: " + string.Join('\n', issues);
    }

    /// <summary>cel-go's <c>Error.ToDisplayString</c>: 1-based line and column in code points, then the line (tabs as spaces) and an indicator line.</summary>
    private static string Display(string source, int position, string message)
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
