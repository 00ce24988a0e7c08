using SecretsKit.Core.Patterns;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Agent.Model;

/// <summary>
/// A regular expression from a tenant's field (<c>dataFrom[].find.name.regexp</c>, a ClusterSecretStore's
/// <c>namespaceRegexes</c>): ESO compiles these with Go's <c>regexp</c>, so they go through Core's
/// <see cref="ForeignRegex"/> (RE2, linear-time matching, a length budget), and every refusal is a
/// <see cref="ReconcileException"/> whose condition says what is wrong with the pattern in Go's words.
/// </summary>
internal static class TenantPattern
{
    /// <summary>Longest one match may take.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The compiled pattern, or a <see cref="ReconcileException"/>: <c>FIELD: invalid regular expression 'P': error parsing regexp: …</c>.</summary>
    public static GoRegex Compile(string field, string pattern)
    {
        try
        {
            return ForeignRegex.Compile(field, pattern, MatchTimeout);
        }
        catch (InvalidPatternException e)
        {
            throw Refused(e);
        }
    }

    /// <summary>Whether <paramref name="input"/> matches; a match over <see cref="MatchTimeout"/> is a <see cref="ReconcileException"/> saying so.</summary>
    public static bool IsMatch(string field, string pattern, GoRegex regex, string input)
    {
        try
        {
            return ForeignRegex.IsMatch(field, pattern, regex, input, MatchTimeout);
        }
        catch (InvalidPatternException e)
        {
            throw Refused(e);
        }
    }

    /// <summary>A refused pattern as the condition of the object that holds it; <paramref name="prefix"/> is the path of the field's parent.</summary>
    public static ReconcileException Refused(InvalidPatternException e, string prefix = "") => new(Messages.SecretSyncedError, prefix + e.Message, e);
}
