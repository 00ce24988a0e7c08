using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// The last-step substitution <see cref="ReleaseInputs"/> applies to paths and <c>set</c> values that reach it still
/// templated (a <see cref="ReleaseSpec"/> built in code; states loaded by <see cref="StateLoader"/> are fully rendered on
/// the Go template engine first): <c>{{ .Environment.Name }}</c>, <c>{{ .Release.Name }}</c>, <c>{{ .Release.Namespace }}</c>.
/// Any other <c>{{ … }}</c> is an error rather than text passed on to helm.
/// </summary>
public static partial class PathTemplate
{
    [GeneratedRegex(@"\{\{-?\s*(?<expr>[^{}]*?)\s*-?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Action();

    public static string Expand(string text, string environment, ReleaseSpec release)
    {
        if (!text.Contains("{{", StringComparison.Ordinal)) return text;
        var expanded = Action().Replace(text, m => m.Groups["expr"].Value switch
        {
            ".Environment.Name" => environment,
            ".Release.Name" => release.Name,
            ".Release.Namespace" => release.Namespace,
            var other => throw new SecretsKitException(ExitCodes.Generic,
                $"release {release.Id}: unsupported template '{{{{ {other} }}}}' in '{text}'",
                "only {{ .Environment.Name }}, {{ .Release.Name }} and {{ .Release.Namespace }} are substituted"),
        });
        if (expanded.Contains("{{", StringComparison.Ordinal))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"release {release.Id}: unclosed or nested template in '{text}'",
                "only {{ .Environment.Name }}, {{ .Release.Name }} and {{ .Release.Namespace }} are substituted");
        }
        return expanded;
    }
}
