using SecretsKit.Core.Formats.Json;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Json;
using SecretsKit.Go.Strconv;
using static SecretsKit.Core.Tests.Formats.FormatFixtures;
using static SecretsKit.Core.Tests.Tree.TreeBuilder;

namespace SecretsKit.Core.Tests.Formats.Json;

/// <summary>The Go <c>encoding/json</c> details sops output depends on.</summary>
public sealed class GoJsonEncodingTests
{
    private static string Marshal(TreeNode node) => FromUtf8(TreeJsonWriter.Bytes(node, null));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("<a href=\"x\">&</a>", "\"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\"")]
    [InlineData("line\nnext\r\ttab", "\"line\\nnext\\r\\ttab\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("\u0001\u001f\u007f", "\"\\u0001\\u001f\u007f\"")]
    [InlineData("\b\f", "\"\\b\\f\"")]
    [InlineData("sep\u2028par\u2029", "\"sep\\u2028par\\u2029\"")]
    [InlineData("héllo ✓ 😀", "\"héllo ✓ 😀\"")]
    public void Strings_are_escaped_like_go(string input, string expected) =>
        Assert.Equal(expected, Marshal(new StringValue(input)));

    [Fact]
    public void Invalid_utf8_bytes_become_one_replacement_each()
    {
        var bytes = new byte[] { (byte)'a', 0xFF, 0xE2, 0x82, (byte)'b', 0xED, 0xA0, 0x80 };
        Assert.Equal("\"a\\ufffd\\ufffd\\ufffdb\\ufffd\\ufffd\\ufffd\"", Marshal(new BytesValue(bytes)));
    }

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-2.0, "-2")]
    [InlineData(0.0, "0")]
    [InlineData(1234.56789, "1234.56789")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(-1.25e22, "-1.25e+22")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    public void Floats_use_go_json_shortest_form(double value, string expected) =>
        Assert.Equal(expected, Marshal(new FloatValue(value)));

    [Theory]
    [InlineData(25.0, "25")]
    [InlineData(1234568000.0, "1.234568e+09")]
    [InlineData(100000.0, "100000")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.23, "1.23")]
    public void Go_g_format_switches_to_exponent_at_1e6_and_below_1e_4(double value, string expected) =>
        Assert.Equal(expected, GoFloat.FormatG(value, upper: false));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(-0.5, "-0.5")]
    public void Go_f_format_never_uses_an_exponent(double value, string expected) =>
        Assert.Equal(expected, GoFloat.FormatF(value));

    [Fact]
    public void Keys_are_escaped_too_and_compact_mode_has_no_spaces()
    {
        Assert.Equal("{\"\\u003ck\\u003e\":[1,\"x\"],\"e\":{}}",
            Marshal(Map(I("<k>", new Sequence([new IntValue(1), new StringValue("x")])), I("e", TreeBranch.Empty))));
    }

    [Fact]
    public void A_long_string_is_written_a_slice_at_a_time_as_its_utf8_bytes_would_be()
    {
        // Pairs, lone surrogates and characters to escape around every slice boundary of a 100 K-character string: the
        // string goes out as the bytes Encoding.UTF8 gives for the whole of it would.
        string[] pieces = ["a", "<", "\n", "é", "\U0001F600", "\uD800", "\uDC00", "\u2028"];
        var random = new Random(3);
        var sb = new System.Text.StringBuilder();
        while (sb.Length < 100_000) sb.Append(pieces[random.Next(pieces.Length)]);
        var text = sb.ToString();
        Assert.Equal(Marshal(new BytesValue(System.Text.Encoding.UTF8.GetBytes(text))), Marshal(new StringValue(text)));
    }
}
