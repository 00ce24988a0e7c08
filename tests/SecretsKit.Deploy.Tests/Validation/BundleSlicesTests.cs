using System.Text;
using System.Text.Json;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Tests.Validation;

/// <summary>
/// The built-in bundle's index: the one-pass scan (<see cref="BundleSlices"/>) must find exactly where a real JSON
/// reader (<see cref="Utf8JsonReader"/>, which indexed the bundle before) says each property's value lies, in both
/// embedded bundles and in JSON whose strings hold brackets, quotes and escapes; malformed JSON is refused.
/// </summary>
public sealed class BundleSlicesTests
{
    [Theory]
    [InlineData("1.32")]
    [InlineData("1.35")]
    public void Every_schema_of_the_embedded_bundle_lies_where_a_JSON_reader_finds_it(string minor)
    {
        var bytes = BuiltinSchemas.Bundle(minor);
        var schemas = new List<(string Name, int Start, int End)>();
        var top = BundleSlices.Properties(bytes, 0, "schemas", schemas);
        Assert.Equal(Reference(bytes, 0), top);
        Assert.Equal(top, BundleSlices.Properties(bytes, 0));
        var reference = Reference(bytes, top.Single(p => p.Name == "schemas").Start);
        Assert.True(reference.Count > 600, $"{reference.Count} schemas");
        Assert.Equal(reference, schemas);
    }

    [Fact]
    public void Brackets_and_quotes_inside_strings_and_scalars_of_every_kind_are_read_as_a_JSON_reader_reads_them()
    {
        var json = Encoding.UTF8.GetBytes("""
             { "a" : {"x":"}\"{[","y":["]", {"z":"\\"}]} , "b":[1,{"c":"]"},[]],"d":"s\u00e9\\n","e":12,
            "f":-1.5e3,"g":true,"h":null,"i":{},"j":[] ,"k":"","l":{"m":{"n":{"o":"{{{"}}}} }
            """);
        var found = BundleSlices.Properties(json, 0);
        Assert.Equal(Reference(json, 0), found);
        Assert.Equal(11, found.Count);
        var nested = new List<(string Name, int Start, int End)>();
        Assert.Equal(found, BundleSlices.Properties(json, 0, "l", nested));
        Assert.Equal(Reference(json, found.Single(p => p.Name == "l").Start), nested);
        Assert.Equal(found, BundleSlices.Properties(json, 0, "b", nested = [])); // not an object: read as any value
        Assert.Empty(nested);
        // a listed object's properties are read as the top level's: a missing colon is refused there too
        Assert.Throws<JsonException>(() => BundleSlices.Properties("{\"s\":{\"a\" 1}}"u8.ToArray(), 0, "s", []));
        Assert.Empty(BundleSlices.Properties("{ }"u8.ToArray(), 0));
    }

    [Theory]
    [InlineData("""{"a":"open""")]
    [InlineData("""{"a":{"b":1}""")]
    [InlineData("""{"a" 1}""")]
    [InlineData("""{"a":1 "b":2}""")]
    [InlineData("""{"a\"b":1}""")]
    [InlineData("""["a"]""")]
    [InlineData("""{"a":"\""")]
    [InlineData("")]
    [InlineData("""{"s":{"a":1""")]
    public void Malformed_JSON_is_refused(string json)
    {
        Assert.Throws<JsonException>(() => BundleSlices.Properties(Encoding.UTF8.GetBytes(json), 0));
        Assert.Throws<JsonException>(() => BundleSlices.Properties(Encoding.UTF8.GetBytes(json), 0, "s", []));
    }

    // A real reader's answer: each property of the object at start, its name and its value's start and end.
    private static List<(string Name, int Start, int End)> Reference(byte[] json, int start)
    {
        var reader = new Utf8JsonReader(json.AsSpan(start));
        reader.Read();
        var found = new List<(string, int, int)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var from = start + (int)reader.TokenStartIndex;
            reader.Skip();
            found.Add((name, from, start + (int)reader.BytesConsumed));
        }
        return found;
    }
}
