using SecretsKit.Cel.Values;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Cel.Library;

/// <summary>
/// The one place CEL compiles regular expressions. cel-spec and Kubernetes use Go's RE2, so patterns go through
/// SecretsKit.Go's RE2 translator (<see cref="GoRegex.Compile"/>: Go's syntax and its refusals — backreferences,
/// lookaround, atomic groups, possessive quantifiers, repeat counts over 1000 — with Go's own error text, run by .NET's
/// linear-time engine) and successive matches follow Go's rules. Compiled patterns are cached (up to 1,000).
/// </summary>
internal static class CelRegex
{
    private static readonly BoundedCache<string, object> Cache = new(1000, StringComparer.Ordinal);

    /// <summary>The compiled <see cref="GoRegex"/>, or a <see cref="CelError"/> when the pattern is not valid RE2.</summary>
    public static object Compile(string pattern) => Cache.GetOrAdd(pattern, CompileUncached);

    private static object CompileUncached(string pattern)
    {
        try
        {
            return GoRegex.Compile(pattern);
        }
        catch (GoException e)
        {
            return new CelError(CelErrorKind.InvalidRegex, $"invalid regular expression '{pattern}': {e.Message}");
        }
    }
}
