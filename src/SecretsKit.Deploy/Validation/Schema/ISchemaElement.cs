using System.Text.Json;

namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// One value of a schema as <see cref="SchemaReader"/> reads it, whatever it was parsed from: a JSON document (the
/// built-in bundle, schema files) or a CRD's YAML tree, read in place with no JSON text between.
/// </summary>
internal interface ISchemaElement<TSelf> where TSelf : struct, ISchemaElement<TSelf>
{
    /// <summary>The JSON kind of the value; <see cref="JsonValueKind.Undefined"/> when there is none.</summary>
    JsonValueKind Kind { get; }

    /// <summary>An object's property by name.</summary>
    bool TryGet(string name, out TSelf value);

    /// <summary>An object's schema keywords, in one pass over its properties (<see cref="SchemaKeywords{T}.Set"/>).</summary>
    void ReadKeywords(ref SchemaKeywords<TSelf> keywords);

    /// <summary>An object's properties in order, one per name.</summary>
    IEnumerable<(string Name, TSelf Value)> Properties();

    /// <summary>An object's property count or an array's length.</summary>
    int Count { get; }

    /// <summary>An array's items in order.</summary>
    IEnumerable<TSelf> Items();

    /// <summary>A string's text.</summary>
    string String();

    /// <summary>A number that JSON writes as an integer fitting 64 bits.</summary>
    bool TryInt64(out long value);

    /// <summary>A number as a double.</summary>
    bool TryDouble(out double value);

    /// <summary>An object or array as compact JSON text.</summary>
    string RawText();
}
