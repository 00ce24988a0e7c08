using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Deploy.Release;

/// <summary>
/// The only templating the release file has: <c>{{ .Environment.Name }}</c>, <c>{{ .Release.Name }}</c> and
/// <c>{{ .Release.Namespace }}</c> (spaces and <c>{{-</c>/<c>-}}</c> trim markers allowed) in value/secret paths and
/// <c>set</c> values. Any other <c>{{ … }}</c> is an error rather than text passed on to helm.
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
