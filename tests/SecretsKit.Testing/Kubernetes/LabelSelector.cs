using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>A parsed label selector (<c>a=b</c>, <c>a!=b</c>, <c>a in (x,y)</c>, <c>a notin (x)</c>, <c>a</c>, <c>!a</c>).</summary>
public sealed class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements = [];

    public static LabelSelector Parse(string? text)
    {
        var selector = new LabelSelector();
        if (string.IsNullOrWhiteSpace(text)) return selector;
        foreach (var raw in SplitTopLevel(text))
        {
            var part = raw.Trim();
            if (part.Length == 0) continue;
            selector._requirements.Add(ParseRequirement(part));
        }
        return selector;
    }

    public bool Matches(JsonObject obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["metadata"]?["labels"] is JsonObject l)
        {
            foreach (var (k, v) in l) labels[k] = v?.GetValue<string>() ?? "";
        }
        return _requirements.All(r => r(labels));
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            else if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }
        yield return text[start..];
    }

    private static Func<IReadOnlyDictionary<string, string>, bool> ParseRequirement(string part)
    {
        if (part.StartsWith('!'))
        {
            var key = part[1..].Trim();
            return labels => !labels.ContainsKey(key);
        }
        var idx = part.IndexOf("!=", StringComparison.Ordinal);
        if (idx > 0)
        {
            var (k, v) = (part[..idx].Trim(), part[(idx + 2)..].Trim());
            return labels => !labels.TryGetValue(k, out var x) || x != v;
        }
        idx = part.IndexOf("==", StringComparison.Ordinal);
        if (idx > 0)
        {
            var (k, v) = (part[..idx].Trim(), part[(idx + 2)..].Trim());
            return labels => labels.TryGetValue(k, out var x) && x == v;
        }
        idx = part.IndexOf('=', StringComparison.Ordinal);
        if (idx > 0)
        {
            var (k, v) = (part[..idx].Trim(), part[(idx + 1)..].Trim());
            return labels => labels.TryGetValue(k, out var x) && x == v;
        }
        var words = part.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 2)
        {
            var rest = words[1];
            var notIn = rest.StartsWith("notin", StringComparison.Ordinal);
            var isIn = rest.StartsWith("in", StringComparison.Ordinal) && !notIn;
            var open = rest.IndexOf('(', StringComparison.Ordinal);
            var close = rest.LastIndexOf(')');
            if ((notIn || isIn) && open >= 0 && close > open)
            {
                var values = rest[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                var key = words[0];
                return notIn
                    ? labels => !labels.TryGetValue(key, out var x) || !values.Contains(x)
                    : labels => labels.TryGetValue(key, out var x) && values.Contains(x);
            }
            throw FakeKubeStatus.BadRequest($"unable to parse requirement: \"{part}\"");
        }
        var exists = part.Trim();
        return labels => labels.ContainsKey(exists);
    }
}
