using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Fuzz;

/// <summary>
/// Seeded mutations of a Kubernetes object as the API server would hand it to the agent (fields the CRD leaves open, or
/// an object written before a schema was tightened): a node swapped for the wrong type, a huge string, nesting 70 to
/// 5,000 deep, a field removed, a string with NUL, control characters or a lone surrogate, a 10,000-item array, a
/// sibling's value copied in. apiVersion, kind and metadata are left alone: the API server checks those itself. The same seed always gives the same object.
/// </summary>
public static class JsonMutator
{
    public static IReadOnlyList<string> Classes { get; } =
        ["wrong type", "huge string", "deep nesting", "field removed", "bad string", "huge array", "copied value"];

    /// <summary>A mutated deep copy of <paramref name="original"/> (1 to 3 mutations) and the classes applied.</summary>
    public static (JsonObject Object, string Classes) Mutate(JsonObject original, int seed)
    {
        var random = new Random(seed);
        var copy = (JsonObject)original.DeepClone();
        var applied = new List<string>();
        var rounds = 1 + random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            var targets = Nodes(copy).Where(n => n.Parent is not null && !IsIdentity(n)).ToList();
            if (targets.Count == 0) break;
            var kind = random.Next(Classes.Count);
            applied.Add(Classes[kind]);
            MutateOnce(targets[random.Next(targets.Count)], kind, random);
        }
        return (copy, string.Join(" + ", applied));
    }

    /// <summary>
    /// apiVersion, kind and all of metadata: the API server checks them itself (names, labels and annotations are strings)
    /// and refuses an object where they are wrong, so the agent never sees such an object.
    /// </summary>
    private static bool IsIdentity(JsonNode node)
    {
        var top = node;
        while (top.Parent is { Parent: not null } up) top = up;
        return top.Parent is not null && top.GetPropertyName() is "apiVersion" or "kind" or "metadata";
    }

    private static IEnumerable<JsonNode> Nodes(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.Where(c => c is not null).ToList())
        {
            foreach (var n in Nodes(child!)) yield return n;
        }
    }

    private static void MutateOnce(JsonNode target, int kind, Random random)
    {
        JsonNode? replacement = Classes[kind] switch
        {
            "wrong type" => (random.Next(6)) switch
            {
                0 => JsonValue.Create(random.Next()),
                1 => JsonValue.Create(random.Next(2) == 0),
                2 => null,
                3 => JsonValue.Create("x"),
                4 => new JsonArray(JsonValue.Create(1), JsonValue.Create("a")),
                _ => new JsonObject { ["a"] = "b" },
            },
            "huge string" => JsonValue.Create(new string((char)('a' + random.Next(26)), 1 << (12 + random.Next(6)))),
            "deep nesting" => Nested(70 + random.Next(4_930), random.Next(2) == 0),
            "bad string" => JsonValue.Create(new[] { "\0nul", "\u001b[31mred", "\ud800lone", "line\nbreak", "{{ .x }}", "../../etc/passwd" }[random.Next(6)]),
            "huge array" => new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode)JsonValue.Create(i))]),
            "copied value" => target.Parent is JsonObject siblings && siblings.Count > 1 ? siblings.ElementAt(random.Next(siblings.Count)).Value?.DeepClone() : target.DeepClone(),
            _ => target, // field removed
        };
        switch (target.Parent)
        {
            case JsonObject parent:
                var name = target.GetPropertyName();
                if (Classes[kind] == "field removed") parent.Remove(name);
                else parent[name] = replacement;
                break;
            case JsonArray array:
                var index = array.IndexOf(target);
                if (Classes[kind] == "field removed") array.RemoveAt(index);
                else array[index] = replacement;
                break;
        }
    }

    /// <summary><paramref name="levels"/> nested objects or arrays.</summary>
    public static JsonNode Nested(int levels, bool arrays)
    {
        JsonNode node = JsonValue.Create("x");
        for (var i = 0; i < levels; i++) node = arrays ? new JsonArray(node) : new JsonObject { ["a"] = node };
        return node;
    }
}
