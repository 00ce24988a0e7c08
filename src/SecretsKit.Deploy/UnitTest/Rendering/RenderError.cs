using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// helm's template error (<c>execution error at (chart/templates/x.yaml:3:4): message</c>, also <c>template: …</c>
/// forms) split as helm-unittest splits it: the template path and the message after the last location.
/// </summary>
internal static partial class RenderError
{
    /// <summary>The error without helm's <c>Error: </c> prefix (and <c>INSTALLATION FAILED: </c> / <c>UPGRADE FAILED: </c> after it) and trailing blank lines.</summary>
    public static string Clean(string stderr)
    {
        var lines = stderr.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => !l.StartsWith("WARNING:", StringComparison.Ordinal) && !l.StartsWith("walk.go:", StringComparison.Ordinal)
                && l != "Use --debug flag to render out invalid YAML").ToList();
        var text = string.Join('\n', lines).Trim();
        text = text.StartsWith("Error: ", StringComparison.Ordinal) ? text["Error: ".Length..] : text;
        // a render through a real install or upgrade (helm before 3.17 with lookups): helm names the action first
        foreach (var action in (ReadOnlySpan<string>)["INSTALLATION FAILED: ", "UPGRADE FAILED: "])
        {
            if (text.StartsWith(action, StringComparison.Ordinal)) text = text[action.Length..];
        }
        return OnOneLine(text);
    }

    /// <summary>
    /// Helm 4 writes a template execution error over several lines (<c>file:l:c</c>, then indented <c>executing … at
    /// &lt;…&gt;:</c> and each cause); put back on one line as Helm 3 (and helm-unittest's engine) writes it:
    /// <c>template: file:l:c: executing … at &lt;…&gt;: cause: message</c>.
    /// </summary>
    private static string OnOneLine(string error)
    {
        if (!Helm4Layout().IsMatch(error)) return error;
        var lines = error.Split('\n');
        return "template: " + lines[0] + ": " + string.Join(' ', lines.Skip(1).Select(l => l.Trim()));
    }

    [GeneratedRegex(@"^[^\s:]+:\d+:\d+\n[ \t]+executing ""[^\n]*"" at <[^\n]*>:(?:\n[^\n]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Helm4Layout();

    public static (string? Template, string Message) Parse(string error)
    {
        var match = Location().Match(error);
        if (!match.Success) return (null, "");
        var nl = error.IndexOf('\n', StringComparison.Ordinal);
        if (nl >= 0) return (match.Groups[1].Value, error[(nl + 1)..]);
        // helm's engine reports fail/required as "execution error at (file:l:c): message", the innermost one last
        // (inside include/tpl); the template is the outermost location
        const string Execution = "execution error at (";
        var last = error.LastIndexOf(Execution, StringComparison.Ordinal);
        var end = last >= 0 ? error.IndexOf("): ", last, StringComparison.Ordinal) : -1;
        return (match.Groups[1].Value, end >= 0 ? error[(end + 3)..] : match.Groups[2].Value);
    }

    // helm-unittest's (?msU)^(?:.+: |.+ \()(?:(.+):\d+:\d+).+(?:.+>)*: (.+)$ with its ungreedy quantifiers made lazy
    [GeneratedRegex(@"^(?:.+?: |.+? \()(?:(.+?):\d+:\d+).+?(?:.+?>)*?: (.+?)$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
