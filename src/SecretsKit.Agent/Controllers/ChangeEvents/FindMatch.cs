using SecretsKit.Agent.ChangeEvents;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Core.Patterns;
using SecretsKit.Core.Stores;
using SecretsKit.Go.Regexp;

namespace SecretsKit.Agent.Controllers.ChangeEvents;

/// <summary>
/// Whether a changed key may be among what a <c>dataFrom[].find</c> returns: under its <c>path</c> (a prefix of the key)
/// and matching its <c>name.regexp</c>, each when given. A find by <c>tags</c> alone matches the keys it returned at its
/// last fetch (<see cref="ChangedKeys.WasFound"/>: a value it holds changed, or the secret lost its tags), and a key whose
/// event carries tags that may now match the find's (<see cref="TagChange.MayMatch"/>: AWS tag calls and created secrets,
/// GCP's secret updates). A secret that newly gets the tags through an event that carries none (Azure, Vault, a GCP
/// version event) joins at the find's next timer refresh. The regexp is Go's, as the fetch compiles it (Core's
/// <see cref="ForeignRegex"/>); one that does not compile matches nothing here (the
/// ExternalSecret reports it at its own fetch); one that runs over its time budget matches, so the change is not missed.
/// </summary>
internal sealed class FindMatch
{
    private static readonly TimeSpan MatchBudget = TimeSpan.FromMilliseconds(100);

    private readonly string? _path;
    private readonly GoRegex? _name;
    private readonly string? _tagsOnly;
    private readonly IReadOnlyDictionary<string, string> _tags;

    private FindMatch(string? path, GoRegex? name, string? tagsOnly, IReadOnlyDictionary<string, string> tags) =>
        (_path, _name, _tagsOnly, _tags) = (path, name, tagsOnly, tags);

    /// <summary>The matcher of <paramref name="find"/> on the store with identity <paramref name="storeIdentity"/>, or null when its name regexp does not compile.</summary>
    public static FindMatch? Of(FindSpec find, string storeIdentity)
    {
        GoRegex? name = null;
        if (find.NameRegex is { Length: > 0 } pattern)
        {
            try
            {
                name = ForeignRegex.Compile(SecretQuery.NameField, pattern, MatchBudget);
            }
            catch (InvalidPatternException)
            {
                return null;
            }
        }
        var path = find.Path is { Length: > 0 } p ? p : null;
        var tagsOnly = path is null && name is null ? KeySlots.FindId(storeIdentity, find.NameRegex, find.Path, find.Tags) : null;
        return new FindMatch(path, name, tagsOnly, find.Tags ?? new Dictionary<string, string>());
    }

    /// <summary>
    /// Whether <paramref name="key"/> may be in the find's result; <paramref name="changes"/> knows what tags-only finds
    /// returned, <paramref name="tags"/> is what the event says of the key's tags (null: nothing).
    /// </summary>
    public bool Matches(string key, ChangedKeys changes, TagChange? tags = null)
    {
        if (_tagsOnly is not null) return changes.WasFound(_tagsOnly, key) || tags?.MayMatch(_tags) == true;
        if (_path is not null && !key.StartsWith(_path, StringComparison.Ordinal)) return false;
        if (_name is null) return true;
        try
        {
            return _name.IsMatch(key);
        }
        catch (Go.GoLimitException)
        {
            return true;
        }
    }
}
