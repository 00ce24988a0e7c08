using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.UnitTest.Rendering;

/// <summary>
/// helm's template error (<c>execution error at (chart/templates/x.yaml:3:4): message</c>, also <c>template: …</c>
/// forms) split as helm-unittest splits it: the template path and the message after the last location.
/// </summary>
internal static partial class RenderError
{
    /// <summary>The error without helm's <c>Error: </c> prefix and trailing blank lines.</summary>
    public static string Clean(string stderr)
    {
        var lines = stderr.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => !l.StartsWith("WARNING:", StringComparison.Ordinal) && !l.StartsWith("walk.go:", StringComparison.Ordinal)
                && l != "Use --debug flag to render out invalid YAML").ToList();
        var text = string.Join('\n', lines).Trim();
        return text.StartsWith("Error: ", StringComparison.Ordinal) ? text["Error: ".Length..] : text;
    }

    public static (string? Template, string Message) Parse(string error)
    {
        var match = Location().Match(error);
        if (!match.Success) return (null, "");
        var nl = error.IndexOf('\n', StringComparison.Ordinal);
        return (match.Groups[1].Value, nl >= 0 ? error[(nl + 1)..] : match.Groups[2].Value);
    }

    // helm-unittest's (?msU)^(?:.+: |.+ \()(?:(.+):\d+:\d+).+(?:.+>)*: (.+)$ with its ungreedy quantifiers made lazy
    [GeneratedRegex(@"^(?:.+?: |.+? \()(?:(.+?):\d+:\d+).+?(?:.+?>)*?: (.+?)$", RegexOptions.Multiline | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Location();
}
