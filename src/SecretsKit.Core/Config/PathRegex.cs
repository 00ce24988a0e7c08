using SecretsKit.Core.Patterns;

namespace SecretsKit.Core.Config;

/// <summary>
/// A <c>path_regex</c> of <c>.sops.yaml</c> (creation and destination rules), compiled and matched as sops does it, with
/// Go's <c>regexp</c> and a budget (<see cref="ForeignRegex"/>): a refusal names the rule and says what is wrong in Go's words.
/// </summary>
internal static class PathRegex
{
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private const string Hint = "path_regex uses Go's RE2 syntax (no look-around or back-references)";

    /// <summary>Whether <paramref name="pattern"/>, the path_regex of the rule <paramref name="where"/> names, matches <paramref name="path"/>.</summary>
    public static bool IsMatch(string pattern, string path, string where)
    {
        var field = $"{where}: path_regex";
        return ForeignRegex.IsMatch(field, pattern, ForeignRegex.Compile(field, pattern, MatchTimeout, Hint), path, MatchTimeout);
    }
}
