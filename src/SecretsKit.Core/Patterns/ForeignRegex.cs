using SecretsKit.Core.Errors;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Core.Patterns;

/// <summary>
/// A regular expression someone else wrote: a <c>.sops.yaml</c> setting (<c>path_regex</c>, <c>encrypted_regex</c> and
/// the other crypt rules, also from the command line or a file's sops metadata) or a tenant's field in the agent
/// (<c>dataFrom[].find.name.regexp</c>, <c>namespaceRegexes</c>). sops and ESO compile these with Go's <c>regexp</c>, so
/// this does too (<see cref="GoRegex"/>: RE2 syntax, so no look-around or back-references, linear-time matching), with
/// a budget: at most <see cref="MaxLength"/> characters and a match timeout. Every refusal is an
/// <see cref="InvalidPatternException"/> whose message names the field and the pattern (bounded) and says what is wrong
/// in Go's words, never an exception's name.
/// </summary>
public static class ForeignRegex
{
    /// <summary>Far above any real pattern, far below what takes seconds to compile (a 50,000-alternative pattern took over 10 s).</summary>
    public const int MaxLength = 10_000;

    /// <summary><paramref name="pattern"/> of <paramref name="field"/> compiled, each match stopped after <paramref name="matchTimeout"/>.</summary>
    public static GoRegex Compile(string field, string pattern, TimeSpan matchTimeout, string? hint = null)
    {
        if (pattern.Length > MaxLength)
        {
            throw new InvalidPatternException(
                $"{field}: regular expression of {pattern.Length:N0} characters, over the limit of {MaxLength:N0} ('{Echo.Bounded(pattern)}')", hint);
        }
        try
        {
            return GoRegex.Compile(pattern, matchTimeout);
        }
        catch (GoException e)
        {
            throw new InvalidPatternException($"{field}: invalid regular expression '{Echo.Bounded(pattern)}': {Echo.Bounded(e.Message)}", hint);
        }
    }

    /// <summary>Whether <paramref name="regex"/> (compiled from <paramref name="pattern"/>) matches <paramref name="input"/>; a match past its timeout is refused.</summary>
    public static bool IsMatch(string field, string pattern, GoRegex regex, string input, TimeSpan matchTimeout)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (GoLimitException)
        {
            throw new InvalidPatternException(
                $"{field}: regular expression '{Echo.Bounded(pattern)}' took too long to match (more than {matchTimeout.TotalSeconds:0.#} s)");
        }
    }
}
