using System.Text.Json;

namespace SecretsKit.Deploy.Validation.Tree;

/// <summary>
/// Builds the <see cref="ManifestNode"/> tree of one JSON value, as the YAML parsers would for the same text (JSON is
/// YAML): strings become quoted scalars, numbers, booleans and null plain scalars of their JSON text, an object a
/// mapping (a name written twice keeps its last value, as a lookup in a <see cref="JsonDocument"/> finds it). Read with
/// one <see cref="Utf8JsonReader"/> pass, so nothing is rented from the shared array pool: a one-shot process whose
/// first return to that pool finds its thread's slot taken pays the pool's per-core set-up, whose processor-speed check
/// ran ~0.4 ms on the thread that read the built-in bundle's schemas with <see cref="JsonDocument"/>.
/// </summary>
internal static class JsonTree
{
    /// <summary>The tree of the single JSON value <paramref name="utf8"/>; deeper than <paramref name="maxDepth"/> or
    /// malformed throws <see cref="JsonException"/>.</summary>
    public static ManifestNode Parse(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read()) throw new JsonException("no JSON value");
        var root = Value(ref reader);
        if (reader.Read()) throw new JsonException("more than one JSON value");
        return root;
    }

    private static ManifestNode Value(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => Mapping(ref reader),
        JsonTokenType.StartArray => Sequence(ref reader),
        JsonTokenType.String => new ManifestScalar(reader.GetString()!, plain: false),
        JsonTokenType.Number => new ManifestScalar(System.Text.Encoding.UTF8.GetString(reader.ValueSpan), plain: true),
        JsonTokenType.True => new ManifestScalar("true", plain: true),
        JsonTokenType.False => new ManifestScalar("false", plain: true),
        _ => new ManifestScalar("null", plain: true),
    };

    private static ManifestMapping Mapping(ref Utf8JsonReader reader)
    {
        var map = new ManifestMapping();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            var entry = new ManifestEntry(key, Findable: true, Value(ref reader));
            var at = IndexOf(map.Entries, key);
            if (at < 0) map.Entries.Add(entry);
            else
            {
                map.Entries[at] = entry;
                map.AddDuplicate(key);
            }
        }
        return map;
    }

    private static int IndexOf(List<ManifestEntry> entries, string key)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static ManifestSequence Sequence(ref Utf8JsonReader reader)
    {
        var seq = new ManifestSequence();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) seq.Items.Add(Value(ref reader));
        return seq;
    }
}
