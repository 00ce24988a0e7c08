using System.Text.RegularExpressions;
using SecretsKit.Agent.Resources;

namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// Whether a changed key may be among what a <c>dataFrom[].find</c> returns: under its <c>path</c> (a prefix of the key)
/// and matching its <c>name.regexp</c>, each when given. An event carries no tags, so a find by <c>tags</c> alone matches
/// every changed key of its store (one find per event for it, as its result may have changed). A regexp that does not
/// compile matches nothing here (the ExternalSecret reports it at its own fetch); one that runs over its time budget
/// matches, so the change is not missed.
/// </summary>
internal sealed class FindMatch
{
    private static readonly TimeSpan MatchBudget = TimeSpan.FromMilliseconds(100);

    private readonly string? _path;
    private readonly Regex? _name;

    private FindMatch(string? path, Regex? name) => (_path, _name) = (path, name);

    /// <summary>The matcher of <paramref name="find"/>, or null when its name regexp does not compile.</summary>
    public static FindMatch? Of(FindSpec find)
    {
        Regex? name = null;
        if (find.NameRegex is { Length: > 0 } pattern)
        {
            try
            {
                name = new Regex(pattern, RegexOptions.CultureInvariant, MatchBudget);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
        return new FindMatch(find.Path is { Length: > 0 } p ? p : null, name);
    }

    public bool Matches(string key)
    {
        if (_path is not null && !key.StartsWith(_path, StringComparison.Ordinal)) return false;
        if (_name is null) return true;
        try
        {
            return _name.IsMatch(key);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }
}
