using SecretsKit.Templates.Yaml;

namespace SecretsKit.Templates.Tests;

/// <summary>
/// <c>toYaml</c> of a string double-quotes it exactly when go-yaml v3 (helmfile's <c>toYaml</c>) would read the plain form
/// back as another type: null, bools (YAML 1.2 and 1.1's yes/no/on/off), integers in every base, floats, infinities,
/// NaN, base-60 numbers and timestamps; single-quotes it when an indicator would change its meaning (libyaml's emitter
/// analysis); every other string stays plain. Each expectation was printed by Go's yaml.v3 (Debian 3.0.1) or yaml.v2.
/// </summary>
public sealed class TemplateYamlScalarTests
{
    [Theory]
    [InlineData("")]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("true")]
    [InlineData("False")]
    [InlineData("yes")]
    [InlineData("Off")]
    [InlineData("y")]
    [InlineData("123")]
    [InlineData("-7")]
    [InlineData("1_000")]
    [InlineData("0x1F")]
    [InlineData("0o17")]
    [InlineData("0755")]
    [InlineData("0b101")]
    [InlineData("-0b1")]
    [InlineData("1e3")]
    [InlineData(".5")]
    [InlineData("3.")]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData(".NaN")]
    [InlineData("2001-12-14")]
    [InlineData("2001-12-14T21:59:43.10-05:00")]
    [InlineData("2002-12-14 21:59:43.10")]
    [InlineData("1:20")]
    public void A_string_yaml_v3_reads_as_another_type_is_quoted(string value)
    {
        Assert.Equal("\"" + value + "\"", TemplateYaml.Scalar(value));
        Assert.Equal("v: \"" + value + "\"\n", TemplateYaml.Write(new Dictionary<string, object?> { ["v"] = value }));
    }

    [Theory]
    [InlineData("a: b")]
    [InlineData("a #b")]
    [InlineData("- x")]
    [InlineData("-")]
    [InlineData("---x")]
    [InlineData("@x")]
    [InlineData("*x")]
    [InlineData(" x")]
    [InlineData("x ")]
    [InlineData("x:")]
    [InlineData("#")]
    [InlineData("? x")]
    [InlineData("[a")]
    [InlineData("%x")]
    public void A_string_with_an_indicator_where_it_matters_is_single_quoted(string value) => Assert.Equal("'" + value + "'", TemplateYaml.Scalar(value));

    [Theory]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("ctl\u0001", "\"ctl\\x01\"")]
    [InlineData("it's", "it's")]
    [InlineData("'x", "'''x'")]
    [InlineData("a \nb", "\"a \\nb\"")]
    [InlineData("a\u2028b", "'a\u2028  b'")]
    public void A_string_with_a_character_plain_cannot_hold_is_quoted_as_go_yaml_does(string value, string expected) =>
        Assert.Equal(expected, TemplateYaml.Scalar(value));

    [Theory]
    [InlineData("hello")]
    [InlineData("inf")]
    [InlineData("nan")]
    [InlineData("0b102")]
    [InlineData("2001-12")]
    [InlineData("12-14-2001")]
    [InlineData("v1.2.3")]
    [InlineData("user@example")]
    [InlineData("a,b")]
    [InlineData("x:y")]
    [InlineData("-x")]
    [InlineData("a#b")]
    [InlineData("say \"hi\"")]
    public void Any_other_string_stays_plain(string value) => Assert.Equal(value, TemplateYaml.Scalar(value));

    [Theory]
    [InlineData("a\n", "v: |\n  a\n")]
    [InlineData("a\n\n", "v: |+\n  a\n\n")]
    [InlineData(" a\nb", "v: |2-\n   a\n  b\n")]
    public void A_string_of_several_lines_is_a_literal_block(string value, string expected) =>
        Assert.Equal(expected, TemplateYaml.Write(new Dictionary<string, object?> { ["v"] = value }));

    [Fact]
    public void Keys_sort_in_go_yaml_natural_order_and_v2_folds_long_plain_scalars_past_column_80()
    {
        var value = new Dictionary<string, object?>
        {
            ["a10"] = 1L,
            ["a9"] = 2L,
            ["l"] = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr",
            ["s"] = new List<object?> { "x" },
        };
        Assert.Equal("a9: 2\na10: 1\nl: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr\ns:\n  - x\n",
            TemplateYaml.Write(value, GoYamlDialect.V3));
        Assert.Equal("a9: 2\na10: 1\nl: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr\ns:\n- x\n",
            TemplateYaml.Write(value, GoYamlDialect.V2));
    }
}
