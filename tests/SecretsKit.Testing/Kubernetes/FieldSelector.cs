using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>A field selector over <c>metadata.name</c> and <c>metadata.namespace</c> (<c>=</c>, <c>==</c>, <c>!=</c>), as every resource supports.</summary>
public sealed class FieldSelector
{
    private readonly List<(string Field, string Value, bool Equal)> _terms = [];

    public static FieldSelector Parse(string? text)
    {
        var s = new FieldSelector();
        if (string.IsNullOrWhiteSpace(text)) return s;
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var neq = raw.IndexOf("!=", StringComparison.Ordinal);
            string field, value;
            var equal = true;
            if (neq > 0) { field = raw[..neq]; value = raw[(neq + 2)..]; equal = false; }
            else
            {
                var eq = raw.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0) throw FakeKubeStatus.BadRequest($"invalid field selector: \"{raw}\"");
                field = raw[..eq];
                value = raw[(eq + 1)..].TrimStart('=');
            }
            if (field != "metadata.name" && field != "metadata.namespace")
            {
                throw FakeKubeStatus.BadRequest($"field label not supported: {field}");
            }
            s._terms.Add((field, value, equal));
        }
        return s;
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (field, value, equal) in _terms)
        {
            var actual = field == "metadata.name"
                ? obj["metadata"]?["name"]?.GetValue<string>()
                : obj["metadata"]?["namespace"]?.GetValue<string>();
            if ((actual == value) != equal) return false;
        }
        return true;
    }
}
