using System.Globalization;
using System.Text;

namespace SecretsKit.Deploy.UnitTest.Values;

/// <summary>
/// The JSONPath subset helm-unittest's suites use (yaml-jsonpath's syntax): <c>a.b</c>, <c>$</c>, <c>a["k.with.dots"]</c>
/// and <c>['k']</c>, <c>[0]</c>, negative indexes, <c>[*]</c> and <c>.*</c>, <c>..name</c>, and filters
/// <c>[?(@.x == "v")]</c> (also <c>!=</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>, <c>&gt;=</c>, <c>&amp;&amp;</c>,
/// <c>||</c>, and <c>[?(@.x)]</c> for presence). A filter on a list keeps the matching items, on anything else the node
/// itself when it matches. <see cref="Find"/> returns every node the path reaches; an empty path is the document.
/// </summary>
internal sealed class YamlPath
{
    private readonly List<Step> _steps;

    private YamlPath(List<Step> steps) => _steps = steps;

    private abstract record Step;

    private sealed record Key(string Name) : Step;

    private sealed record Index(int Value) : Step;

    private sealed record Wildcard : Step;

    private sealed record Recursive(string? Name) : Step;

    private sealed record Filter(YamlPathFilter Predicate) : Step;

    public static List<object?> Find(object? document, string path)
    {
        if (path.Length == 0) return [document];
        return Parse(path).Apply(document);
    }

    public static YamlPath Parse(string path)
    {
        var steps = new List<Step>();
        var i = 0;
        if (path.StartsWith('$')) i = 1;
        var first = true;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.' && i + 1 < path.Length && path[i + 1] == '.')
            {
                i += 2;
                var name = ReadName(path, ref i);
                steps.Add(new Recursive(name.Length == 0 || name == "*" ? null : name));
            }
            else if (c == '.')
            {
                i++;
                steps.Add(NameStep(ReadName(path, ref i), path));
            }
            else if (c == '[') steps.Add(ReadBracket(path, ref i));
            else if (first) steps.Add(NameStep(ReadName(path, ref i), path));
            else throw new YamlPathException($"invalid path syntax at position {i.ToString(CultureInfo.InvariantCulture)}, following \"{path[..i]}\"");
            first = false;
        }
        return new YamlPath(steps);
    }

    private static Step NameStep(string name, string path) =>
        name switch
        {
            "" => throw new YamlPathException($"child name missing after . in \"{path}\""),
            "*" => new Wildcard(),
            _ => new Key(name),
        };

    private static string ReadName(string path, ref int i)
    {
        var start = i;
        while (i < path.Length && path[i] is not ('.' or '[')) i++;
        return path[start..i];
    }

    private static Step ReadBracket(string path, ref int i)
    {
        var close = FindClose(path, i);
        var inner = path[(i + 1)..close].Trim();
        i = close + 1;
        if (inner == "*") return new Wildcard();
        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')')) return new Filter(YamlPathFilter.Parse(inner[2..^1]));
        if (inner.Length >= 2 && inner[0] is '"' or '\'' && inner[^1] == inner[0]) return new Key(Unquote(inner));
        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)) return new Index(n);
        throw new YamlPathException($"invalid array index [{inner}] in \"{path}\"");
    }

    private static int FindClose(string path, int open)
    {
        char? quote = null;
        var depth = 0;
        for (var i = open; i < path.Length; i++)
        {
            var c = path[i];
            if (quote is { } q) { if (c == q) quote = null; continue; }
            if (c is '"' or '\'') quote = c;
            else if (c is '[' or '(') depth++;
            else if (c is ']' or ')') { if (--depth == 0 && c == ']') return i; }
        }
        throw new YamlPathException($"unmatched [ in \"{path}\"");
    }

    internal static string Unquote(string quoted)
    {
        var sb = new StringBuilder();
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length - 1) i++;
            sb.Append(quoted[i]);
        }
        return sb.ToString();
    }

    private List<object?> Apply(object? document)
    {
        IEnumerable<object?> current = [document];
        foreach (var step in _steps) current = current.SelectMany(node => Next(step, node)).ToList();
        return current.ToList();
    }

    private static IEnumerable<object?> Next(Step step, object? node) => step switch
    {
        Key k when node is IReadOnlyDictionary<string, object?> m && m.TryGetValue(k.Name, out var v) => [v],
        Index ix when node is IReadOnlyList<object?> l && (ix.Value < 0 ? l.Count + ix.Value : ix.Value) is var at && at >= 0 && at < l.Count => [l[at]],
        Wildcard when node is IReadOnlyDictionary<string, object?> m => m.Values,
        Wildcard when node is IReadOnlyList<object?> l => l,
        Recursive r => Descend(node).SelectMany(n => r.Name is null ? [n] : Next(new Key(r.Name), n)),
        Filter f when node is IReadOnlyList<object?> l => l.Where(f.Predicate.Matches),
        Filter f => f.Predicate.Matches(node) ? [node] : [],
        _ => [],
    };

    private static IEnumerable<object?> Descend(object? node)
    {
        yield return node;
        IEnumerable<object?> children = node switch
        {
            IReadOnlyDictionary<string, object?> m => m.Values,
            IReadOnlyList<object?> l => l,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var d in Descend(child)) yield return d;
        }
    }
}
