using SecretsKit.Agent.Model;
using SecretsKit.Agent.Templates;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Agent.Controllers.PushSecrets;

/// <summary>
/// What one source Secret sends to one store, as ESO's PushSecret controller plans it: the <c>dataTo</c> entries whose
/// <c>storeRef</c> names or label-selects the store, each expanded (keys after its conversion, filtered by
/// <c>match.regexp</c>, then one entry per key renamed by <c>rewrite</c>, or one bundle under <c>remoteKey</c>), merged
/// with <c>data</c> (an explicit entry for the same Secret key replaces the expanded one; two entries for one remote
/// location fail). A bundle entry carries the data it pushes as a JSON object.
/// </summary>
internal static class PushPlan
{
    private const string MatchTemplate = "{{ mustRegexMatch .source .key }}";

    public sealed record Planned(PushEntry Entry, IReadOnlyDictionary<string, byte[]>? Bundle);

    /// <summary>ESO's checks before the sources are read: a <c>dataTo</c> storeRef names a store listed in <c>secretStoreRefs</c>, or has a selector.</summary>
    public static void ValidateStoreRefs(PushSecretResource ps)
    {
        for (var i = 0; i < ps.DataTo.Count; i++)
        {
            var reference = ps.DataTo[i].StoreRef;
            if (reference is null) throw Failed($"dataTo[{i}]: storeRef is required");
            if (reference.Name is null && reference.Selector is null) throw Failed($"dataTo[{i}]: storeRef must have name or labelSelector");
            if (reference.Name is { } name && !ps.Stores.Any(s => s.Name == name && s.Kind == reference.Kind))
            {
                throw Failed($"dataTo[{i}]: storeRef {GoValues.Quote(name)} not found in secretStoreRefs");
            }
        }
    }

    /// <summary>ESO's check once the stores are resolved: a label-selecting <c>dataTo</c> storeRef matches at least one of them.</summary>
    public static void ValidateSelectorsMatch(PushSecretResource ps, IReadOnlyList<StoreResource> stores)
    {
        for (var i = 0; i < ps.DataTo.Count; i++)
        {
            if (ps.DataTo[i].StoreRef is not { Name: null, Selector: { } selector } reference) continue;
            if (!stores.Any(s => s.Kind == reference.Kind && Matches(selector, s, i)))
            {
                throw Failed($"dataTo[{i}]: labelSelector does not match any store in secretStoreRefs");
            }
        }
    }

    public static List<Planned> For(PushSecretResource ps, StoreResource store, IReadOnlyDictionary<string, byte[]> data)
    {
        var expanded = new List<Planned>();
        var remoteKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < ps.DataTo.Count; i++)
        {
            var dataTo = ps.DataTo[i];
            if (dataTo.StoreRef is not { } reference || reference.Kind != store.Kind) continue;
            if (reference.Name is { } name ? name != store.Name : reference.Selector is not { } selector || !Matches(selector, store, i)) continue;
            foreach (var (sourceKey, planned) in Expand(dataTo, data, i))
            {
                if (remoteKeys.TryGetValue(planned.Entry.RemoteKey, out var existing))
                {
                    throw Failed($"failed to expand dataTo: dataTo[{i}]: duplicate remote key {GoValues.Quote(planned.Entry.RemoteKey)} from source key {GoValues.Quote(sourceKey)} (conflicts with {existing})");
                }
                remoteKeys[planned.Entry.RemoteKey] = $"dataTo[{i}]:{sourceKey}";
                expanded.Add(planned);
            }
        }
        // an explicit data entry for a Secret key replaces what dataTo made of that key
        var explicitKeys = ps.Data.Select(d => OriginalKey(d, data)).ToHashSet(StringComparer.Ordinal);
        var merged = expanded.Where(p => !explicitKeys.Contains(p.Entry.SecretKey ?? "")).Concat(ps.Data.Select(d => new Planned(d, null))).ToList();
        var seen = new Dictionary<(string, string?), string>();
        foreach (var p in merged)
        {
            var location = (p.Entry.RemoteKey, p.Entry.Property);
            var source = p.Entry.SecretKey ?? "";
            if (seen.TryGetValue(location, out var other))
            {
                throw Failed(p.Entry.Property is { } property
                    ? $"failed to merge data entries: duplicate remote key {GoValues.Quote(p.Entry.RemoteKey)} with property {GoValues.Quote(property)}: source keys {GoValues.Quote(other)} and {GoValues.Quote(source)} both map to the same destination"
                    : $"failed to merge data entries: duplicate remote key {GoValues.Quote(p.Entry.RemoteKey)}: source keys {GoValues.Quote(other)} and {GoValues.Quote(source)} both map to the same destination");
            }
            seen[location] = source;
        }
        return merged;
    }

    /// <summary>One <c>dataTo</c> entry's pushes, each with the Secret key it came from (<c>(bundle)</c> for a remoteKey bundle).</summary>
    private static IEnumerable<(string SourceKey, Planned Planned)> Expand(PushDataTo dataTo, IReadOnlyDictionary<string, byte[]> data, int index)
    {
        if (dataTo.RemoteKey is not null && dataTo.Rewrites.Count > 0)
        {
            throw Failed($"failed to expand dataTo: dataTo[{index}]: remoteKey and rewrite are mutually exclusive: rewrite is only supported in per-key mode (without remoteKey)");
        }
        var converted = ReverseUnicode.Keys(dataTo.ConversionStrategy, data);
        var original = data.Keys.ToDictionary(k => ReverseUnicode.Key(dataTo.ConversionStrategy, k), k => k, StringComparer.Ordinal);
        var matched = converted.Keys.Order(StringComparer.Ordinal).Where(k => IsMatch(dataTo.Regexp, k, index)).ToList();
        if (matched.Count == 0) yield break;
        if (dataTo.RemoteKey is { } remoteKey)
        {
            var bundle = matched.ToDictionary(k => k, k => converted[k], StringComparer.Ordinal);
            yield return ("(bundle)", new Planned(new PushEntry(null, remoteKey, null) { Metadata = dataTo.Metadata?.DeepClone() }, bundle));
            yield break;
        }
        foreach (var key in matched)
        {
            var remote = Rewrite(dataTo.Rewrites, key, index);
            if (remote.Length == 0) throw Failed($"failed to expand dataTo: dataTo[{index}]: empty remote key produced for source key {GoValues.Quote(key)}");
            yield return (key, new Planned(new PushEntry(original[key], remote, null) { Metadata = dataTo.Metadata?.DeepClone() }, null));
        }
    }

    private static bool IsMatch(string? regexp, string key, int index)
    {
        if (regexp is null) return true;
        try
        {
            return TemplateEngine.Render(MatchTemplate, Strings(("source", regexp), ("key", key)), "match", TemplateEngine.KeyOptions) == "true";
        }
        catch (TemplateException e)
        {
            throw Failed($"failed to expand dataTo: dataTo[{index}]: match failed: failed to compile regexp pattern {GoValues.Quote(regexp)}: {Core.Errors.Echo.Bounded(e.Message)}");
        }
    }

    private static string Rewrite(IReadOnlyList<Rewrite> rewrites, string key, int index)
    {
        if (rewrites.Count == 0) return key;
        try
        {
            return KeyRewrites.Apply(rewrites, new Dictionary<string, byte[]>(StringComparer.Ordinal) { [key] = [] }).Keys.Single();
        }
        catch (KeyRewriteException e)
        {
            throw Failed($"failed to expand dataTo: dataTo[{index}]: rewrite failed: {e.Message}");
        }
    }

    /// <summary>The Secret key an explicit entry reads (its <c>secretKey</c> names the key after its conversion).</summary>
    private static string OriginalKey(PushEntry entry, IReadOnlyDictionary<string, byte[]> data)
    {
        var key = entry.SecretKey ?? "";
        if (entry.ConversionStrategy != PushEntry.ReverseUnicode) return key;
        return data.Keys.FirstOrDefault(k => ReverseUnicode.Key(entry.ConversionStrategy, k) == key) ?? key;
    }

    private static bool Matches(Kubernetes.Selectors.LabelSelector selector, StoreResource store, int index)
    {
        try
        {
            return selector.Matches(Json.Map(store.Raw["metadata"]?["labels"]));
        }
        catch (Kubernetes.Selectors.InvalidLabelSelectorException e)
        {
            throw Failed($"dataTo[{index}]: invalid labelSelector: {e.Message}");
        }
    }

    private static GoTypedDictionary Strings(params (string Key, string Value)[] entries) =>
        GoTypedDictionary.Strings(entries.Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static ReconcileException Failed(string message) => new(PushSecretReasons.Errored, message);
}
