using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// A schema value in a CRD's YAML tree, seen as the JSON <see cref="YamlJson"/> would write for it: plain scalars typed as
/// Kubernetes types them (an integer past 64 bits or a float JSON cannot hold is its text), a mapping with keys that are
/// not scalars as one property per name with its last value, anything else null. Read in place: a CRD's schema needs no
/// JSON text, and a description's text is never made.
/// </summary>
internal readonly struct YamlSchemaElement : ISchemaElement<YamlSchemaElement>
{
    private readonly ManifestNode? _node;
    private readonly long _integer;
    private readonly double _number;
    private readonly bool _isInteger;

    public YamlSchemaElement(ManifestNode? node)
    {
        _node = node;
        Kind = node switch
        {
            null => JsonValueKind.Undefined,
            ManifestMapping => JsonValueKind.Object,
            ManifestSequence => JsonValueKind.Array,
            ManifestScalar s => ScalarKind(s, out _integer, out _number, out _isInteger),
            _ => JsonValueKind.Null,
        };
    }

    public JsonValueKind Kind { get; }

    public int Count => _node switch
    {
        ManifestSequence seq => seq.Items.Count,
        ManifestMapping map => map.Entries.TrueForAll(e => e.Findable) ? map.Entries.Count : Merged(map).Count(),
        _ => 0,
    };

    public bool TryGet(string name, out YamlSchemaElement value)
    {
        var found = (_node as ManifestMapping)?.Find(name);
        value = new YamlSchemaElement(found);
        return found is not null;
    }

    public void ReadKeywords(ref SchemaKeywords<YamlSchemaElement> keywords)
    {
        foreach (ref readonly var entry in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(((ManifestMapping)_node!).Entries))
        {
            // an entry's element (its scalar typed) is made only for a keyword: a description's text is never made
            if (entry.Findable && entry.Key.Length <= SchemaKeywordNames.MaxLength && SchemaKeywordNames.Of(entry.Key) is var keyword and >= 0)
                keywords.Set(keyword, new YamlSchemaElement(entry.Value));
        }
    }

    public IEnumerable<(string Name, YamlSchemaElement Value)> Properties()
    {
        var map = (ManifestMapping)_node!;
        return map.Entries.TrueForAll(e => e.Findable)
            ? map.Entries.Select(e => (e.Key, new YamlSchemaElement(e.Value)))
            : Merged(map).Select(e => (e.Key, new YamlSchemaElement(e.Value)));
    }

    public IEnumerable<YamlSchemaElement> Items() => ((ManifestSequence)_node!).Items.Select(i => new YamlSchemaElement(i));

    public string String() => ((ManifestScalar)_node!).Value;

    public bool TryInt64(out long value)
    {
        value = _integer;
        if (Kind != JsonValueKind.Number) return false;
        if (_isInteger) return true;
        // a float is written as JSON writes a double: whole values short of the exponent form read back as integers
        return long.TryParse(_number.ToString(CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public bool TryDouble(out double value)
    {
        value = _isInteger ? _integer : _number;
        return Kind == JsonValueKind.Number;
    }

    public string RawText() => YamlJson.Convert(_node!)!.ToJsonString();

    /// <summary>A scalar as a JSON value (null for a null).</summary>
    public JsonValue? ScalarJson() => Kind switch
    {
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.Number => _isInteger ? JsonValue.Create(_integer) : JsonValue.Create(_number),
        JsonValueKind.String => JsonValue.Create(String()),
        _ => null,
    };

    private static JsonValueKind ScalarKind(ManifestScalar s, out long integer, out double number, out bool isInteger)
    {
        integer = 0;
        number = 0;
        isInteger = false;
        var value = ScalarValue.Of(s);
        switch (value.Kind)
        {
            case Schema.ScalarKind.Null:
                return JsonValueKind.Null;
            case Schema.ScalarKind.Boolean:
                return value.Text == "true" ? JsonValueKind.True : JsonValueKind.False;
            case Schema.ScalarKind.Integer when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer):
                isInteger = true;
                return JsonValueKind.Number;
            case Schema.ScalarKind.Float when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out number):
                return JsonValueKind.Number;
            default:
                return JsonValueKind.String;
        }
    }

    /// <summary>A mapping with keys that are not scalars (all named ""): one entry per name, where it first appears, with its last value.</summary>
    private static IEnumerable<ManifestEntry> Merged(ManifestMapping map)
    {
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < map.Entries.Count; i++) last[map.Entries[i].Key] = i;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in map.Entries)
        {
            if (seen.Add(entry.Key)) yield return map.Entries[last[entry.Key]];
        }
    }
}
