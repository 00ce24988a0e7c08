using SecretsKit.Deploy.UnitTest.Values;

namespace SecretsKit.Deploy.UnitTest.Suites;

/// <summary>
/// <c>documentSelector:</c> the documents whose value at <see cref="Path"/> equals <see cref="Value"/> (any value when
/// null). Without <see cref="MatchMany"/> more than one match is an error; a template with no match is an error unless
/// <see cref="SkipEmptyTemplates"/>, which drops it.
/// </summary>
internal sealed record DocumentSelector(string Path, object? Value, bool MatchMany, bool SkipEmptyTemplates)
{
    public static DocumentSelector From(IReadOnlyDictionary<string, object?> map)
    {
        if (!map.TryGetValue("path", out var p) || p is not string path) throw new SuiteException("empty 'documentSelector.path' not supported");
        return new DocumentSelector(path, map.GetValueOrDefault("value"),
            map.GetValueOrDefault("matchMany") is true, map.GetValueOrDefault("skipEmptyTemplates") is true);
    }

    /// <summary>The selected documents per template, or the error helm-unittest reports (<c>multiple indexes found</c>, <c>document not found</c>).</summary>
    public SortedDictionary<string, List<object?>> Select(IReadOnlyDictionary<string, List<object?>> byTemplate)
    {
        var selected = new SortedDictionary<string, List<object?>>(StringComparer.Ordinal);
        var total = 0;
        foreach (var (template, docs) in byTemplate.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var matching = new List<object?>();
            foreach (var doc in docs)
            {
                if (!Matches(doc)) continue;
                if (!MatchMany && matching.Count > 0) throw new SuiteException("multiple indexes found");
                matching.Add(doc);
            }
            if (matching.Count == 0 && !SkipEmptyTemplates) throw new SuiteException("document not found");
            total += matching.Count;
            if (!MatchMany && total > 1) throw new SuiteException("multiple indexes found");
            if (matching.Count > 0 || !SkipEmptyTemplates) selected[template] = matching;
        }
        return selected;
    }

    private bool Matches(object? doc)
    {
        List<object?> found;
        try
        {
            found = YamlPath.Find(doc, Path);
        }
        catch (YamlPathException e)
        {
            throw new SuiteException(e.Message);
        }
        return found.Any(v => Value is null || ManifestValues.DeepEqual(Value, v));
    }
}
