using SecretsKit.Core.GoTemplate;

namespace SecretsKit.Core.Tests.GoTemplate;

/// <summary>
/// <c>toYaml</c> of a string quotes it exactly when yaml.v3 (Go's marshaller behind sprig's <c>toYaml</c>) would read the
/// plain form back as another type: null, bools (YAML 1.2 and 1.1's yes/no/on/off), integers in every base, floats,
/// infinities, NaN and timestamps; or when an indicator would change its meaning (yaml.v3's emitter analysis); every
/// other string stays plain.
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
    [InlineData("a\u2028b")]
    public void A_string_with_an_indicator_where_it_matters_is_quoted(string value) => Assert.StartsWith("\"", TemplateYaml.Scalar(value), StringComparison.Ordinal);

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
}
