using SecretsKit.Go.Tests;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Go;
using SecretsKit.Go.Json;

namespace SecretsKit.Go.Tests.Json;

/// <summary>
/// The one Go <c>encoding/json</c> writer that the sops JSON store, the template functions and the agent's JSON all use:
/// Go's escapes, floats, layout and map order.
/// </summary>
public sealed class GoJsonWriterTests
{
    private static string Write(Action<GoJsonWriter> write, GoJsonOptions? options = null)
    {
        using var output = new MemoryStream();
        var writer = new GoJsonWriter(output, options);
        write(writer);
        writer.Finish();
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Theory]
    [InlineData("<a&b>", true, "\"\\u003ca\\u0026b\\u003e\"")]
    [InlineData("<a&b>", false, "\"<a&b>\"")]
    [InlineData("\u2028\u2029", false, "\"\\u2028\\u2029\"")]
    [InlineData("\"\\\n\r\t\u0001", true, "\"\\\"\\\\\\n\\r\\t\\u0001\"")]
    [InlineData("é€😀", true, "\"é€😀\"")]
    public void Strings_are_escaped_as_Go_escapes_them(string value, bool escapeHtml, string expected) =>
        Assert.Equal(expected, Write(w => w.WriteStringValue(value), new GoJsonOptions(EscapeHtml: escapeHtml)));

    [Fact]
    public void Backspace_and_form_feed_are_short_as_since_Go_1_22() =>
        Assert.Equal("\"\\b\\f\"", Write(w => w.WriteStringValue("\b\f")));

    [Fact]
    public void Each_invalid_UTF8_byte_is_one_replacement_escape() =>
        Assert.Equal("\"a\\ufffd\\ufffdb\"", Write(w => w.WriteStringValue([(byte)'a', 0xFF, 0xC3, (byte)'b'])));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(123456789.125, "123456789.125")]
    public void Floats_are_written_as_encoding_json_writes_a_float64(double value, string expected) =>
        Assert.Equal(expected, Write(w => w.WriteNumberValue(value)));

    [Fact]
    public void NaN_is_refused_with_Go_s_error() =>
        Assert.Equal("json: unsupported value: NaN", Assert.Throws<GoException>(() => Write(w => w.WriteNumberValue(double.NaN))).Message);

    [Fact]
    public void Indent_lays_out_as_json_Indent_with_empty_containers_compact()
    {
        var text = Write(w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("a");
            w.WriteStartArray();
            w.WriteNumberValue(1);
            w.WriteBooleanValue(true);
            w.WriteEndArray();
            w.WritePropertyName("b");
            w.WriteStartObject();
            w.WriteEndObject();
            w.WritePropertyName("c");
            w.WriteNullValue();
            w.WriteEndObject();
        }, new GoJsonOptions(Indent: "  "));
        Assert.Equal("{\n  \"a\": [\n    1,\n    true\n  ],\n  \"b\": {},\n  \"c\": null\n}", text);
    }

    [Fact]
    public void A_JsonNode_is_written_as_Go_writes_the_any_it_decoded_keys_sorted_numbers_as_float64()
    {
        var node = JsonNode.Parse("""{"z":1.50,"a":[2e0,"<x>"],"m":{"b":true,"a":null}}""");
        Assert.Equal("""{"a":[2,"\u003cx\u003e"],"m":{"a":null,"b":true},"z":1.5}""", Encoding.UTF8.GetString(GoJsonNodes.Marshal(node, escapeHtml: true)));
        Assert.Equal("""{"a":[2,"<x>"],"m":{"a":null,"b":true},"z":1.5}""", Encoding.UTF8.GetString(GoJsonNodes.Marshal(node, escapeHtml: false)));
    }

    [Fact]
    public void A_whole_Secret_bundle_is_ESO_s_JSONMarshal_of_a_map_of_strings()
    {
        // ESO's utils.ExtractSecretData: map[string]string of the values through an Encoder with SetEscapeHTML(false)
        var data = new Dictionary<string, byte[]>
        {
            ["b"] = Encoding.UTF8.GetBytes("<p>&é'+"),
            ["a"] = [0x61, 0xFF],
        };
        Assert.Equal("{\"a\":\"a\\ufffd\",\"b\":\"<p>&é'+\"}", Encoding.UTF8.GetString(GoJsonNodes.Marshal(data, escapeHtml: false)));
    }
}
