using SecretsKit.Core.Errors;
using SecretsKit.Go;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Agent.Model;

/// <summary>
/// A regular expression from a tenant's field (<c>dataFrom[].find.name.regexp</c>, a ClusterSecretStore's
/// <c>namespaceRegexes</c>): ESO compiles these with Go's <c>regexp</c>, so they are RE2 (SecretsKit.Go's
/// <see cref="GoRegex"/>: linear-time matching), and every failure is a condition that says what is wrong with the
/// pattern in Go's words, never an exception's name.
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
            return GoRegex.Compile(pattern, MatchTimeout);
        }
        catch (GoException e)
        {
            throw new ReconcileException(Messages.SecretSyncedError, Invalid(field, pattern, e.Message));
        }
    }

    /// <summary>Whether <paramref name="input"/> matches; a match over <see cref="MatchTimeout"/> is a <see cref="ReconcileException"/> saying so.</summary>
    public static bool IsMatch(string field, string pattern, GoRegex regex, string input)
    {
        try
        {
            return regex.IsMatch(input);
        }
        catch (GoLimitException)
        {
            throw new ReconcileException(Messages.SecretSyncedError, TooSlow(field, pattern));
        }
    }

    public static string Invalid(string field, string pattern, string error) => $"{field}: invalid regular expression '{Echo.Bounded(pattern)}': {error}";

    public static string TooSlow(string field, string pattern) =>
        $"{field}: regular expression '{Echo.Bounded(pattern)}' took too long to match (more than {MatchTimeout.TotalSeconds:0} s)";
}
