using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;

namespace SecretsKit.Core.Config;

/// <summary>
/// A <c>path_regex</c> of <c>.sops.yaml</c> (creation and destination rules), compiled with a budget: at most
/// <see cref="MaxLength"/> characters (a 50,000-alternative pattern took over 10 s to build), matched without
/// backtracking and within <see cref="MatchTimeout"/>. An error quotes the pattern bounded (<see cref="Echo"/>).
/// </summary>
internal static class PathRegex
{
    /// <summary>Far above any real path pattern, far below what takes seconds to compile.</summary>
    public const int MaxLength = 10_000;

    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Compiles <paramref name="pattern"/> (RE2 syntax) for the rule <paramref name="where"/> names, or throws a clear error.</summary>
    public static Regex Compile(string pattern, string where)
    {
        if (pattern.Length > MaxLength)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{where} has a path_regex of {pattern.Length:N0} characters, over the limit of {MaxLength:N0} ('{Echo.Bounded(pattern)}')",
                "match the files with a shorter pattern, or split the rule");
        }
        try
        {
            return new Regex(FromRe2(pattern), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, MatchTimeout);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"{where} has a path_regex that cannot be compiled ('{Echo.Bounded(pattern)}'): {Echo.Bounded(e.Message)}",
                "path_regex uses RE2 syntax (no look-around or back-references)", e);
        }
    }

    /// <summary>Whether <paramref name="regex"/> matches <paramref name="path"/>; running past <see cref="MatchTimeout"/> is a clear error.</summary>
    public static bool IsMatch(Regex regex, string path, string where)
    {
        try
        {
            return regex.IsMatch(path);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"{where}: matching its path_regex took longer than {MatchTimeout.TotalSeconds:0} s", null, e);
        }
    }

    /// <summary>RE2's <c>(?P&lt;name&gt;…)</c> named groups are written <c>(?&lt;name&gt;…)</c> in .NET.</summary>
    internal static string FromRe2(string pattern) => pattern.Replace("(?P<", "(?<", StringComparison.Ordinal);
}
