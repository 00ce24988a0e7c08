using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Strconv;

namespace SecretsKit.Core.Tests.Formats.Yaml;

/// <summary>What a scalar in the file becomes in the tree, per yaml.v3 v3.0.4's resolver.</summary>
public sealed class YamlScalarResolutionTests
{
    private static TreeNode Parse(string yamlValue) =>
        new YamlFormat().ParsePlain(Encoding.UTF8.GetBytes("k: " + yamlValue + "\n")).Branches[0].Get("k")!;

    [Theory]
    [InlineData("123", 123L)]
    [InlineData("-42", -42L)]
    [InlineData("+7", 7L)]
    [InlineData("0x1F", 31L)]
    [InlineData("-0x10", -16L)]
    [InlineData("0o17", 15L)]
    [InlineData("0b101", 5L)]
    [InlineData("1_000", 1000L)]
    [InlineData("0777", 511L)] // YAML 1.1 octal still accepted by yaml.v3
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integers_resolve_to_int(string text, long expected)
    {
        Assert.Equal(new IntValue(expected), Parse(text));
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1e5", 100000.0)]
    [InlineData(".5", 0.5)]
    [InlineData("-2.5E-3", -0.0025)]
    [InlineData("09", 9.0)] // invalid octal falls through to the float pattern
    [InlineData("99999999999999999999", 1e20)] // beyond uint64: float
    [InlineData("1234.56789", 1234.56789)]
    public void Floats_resolve_to_float(string text, double expected)
    {
        Assert.Equal(new FloatValue(expected), Parse(text));
    }

    [Theory]
    [InlineData(".inf", double.PositiveInfinity)]
    [InlineData("+.INF", double.PositiveInfinity)]
    [InlineData("-.Inf", double.NegativeInfinity)]
    public void Infinities_resolve_to_float(string text, double expected)
    {
        Assert.Equal(new FloatValue(expected), Parse(text));
    }

    [Fact]
    public void Nan_resolves_to_float()
    {
        Assert.True(double.IsNaN(Assert.IsType<FloatValue>(Parse(".NaN")).Value));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    public void Only_the_yaml_1_2_spellings_are_bools(string text, bool expected)
    {
        Assert.Equal(new BoolValue(expected), Parse(text));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    [InlineData("~")]
    [InlineData("")]
    public void Null_spellings_resolve_to_null(string text)
    {
        Assert.Equal(NullValue.Instance, Parse(text));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("tRue")]
    [InlineData("1e400")] // overflows: Go's ParseFloat fails, so it stays a string
    [InlineData("2006-01-02T15:04:05")] // T form needs a zone
    [InlineData("2024-02-30")] // no such day
    [InlineData("2024-01-01T25:00:00Z")]
    [InlineData("2023-02-29")] // not a leap year
    [InlineData("2025-01-02 03:04:05Z")] // the space form takes no zone
    [InlineData("2006-01-02T15:04:05+5:00")] // zone hours have two digits
    [InlineData("0x")]
    [InlineData("1:20")]
    [InlineData("\"123\"")]
    [InlineData("'true'")]
    [InlineData("!!str 123")]
    [InlineData("!custom 12")]
    public void Everything_else_is_a_string(string text)
    {
        Assert.IsType<StringValue>(Parse(text));
    }

    [Theory]
    [InlineData("2024-01-01", "2024-01-01T00:00:00Z")]
    [InlineData("2024-1-2", "2024-01-02T00:00:00Z")]
    [InlineData("2025-01-02 03:04:05", "2025-01-02T03:04:05Z")]
    [InlineData("2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00")]
    [InlineData("2006-01-02T15:04:05.123456789+07:06", "2006-01-02T15:04:05.123456789+07:06")]
    [InlineData("2006-01-02T15:04:05+00:00", "2006-01-02T15:04:05Z")]
    [InlineData("2006-1-2T3:4:5Z", "2006-01-02T03:04:05Z")]
    [InlineData("2006-01-02T15:04:05,5Z", "2006-01-02T15:04:05.5Z")] // Go takes a comma before the fraction
    [InlineData("2006-01-02T15:04:05.1234567891Z", "2006-01-02T15:04:05.123456789Z")] // digits past the ninth dropped
    public void Unquoted_timestamps_resolve_to_time_and_emit_as_rfc3339_nano(string text, string emitted)
    {
        var time = Assert.IsType<TimeValue>(Parse(text));
        Assert.Equal(emitted, YamlTimestamp.FormatRfc3339Nano(time));
    }

    [Fact]
    public void Nanoseconds_below_a_tick_survive_a_round_trip()
    {
        var time = Assert.IsType<TimeValue>(Parse("2006-01-02T15:04:05.123456789Z"));
        Assert.Equal(89, time.Nanoseconds);
    }

    [Fact]
    public void Tagged_scalars_follow_their_tag()
    {
        Assert.Equal(new BytesValue("hello"u8.ToArray()), Parse("!!binary aGVsbG8="));
        Assert.Equal(new FloatValue(1.0), Parse("!!float 1"));
        Assert.Equal(new IntValue(12), Parse("!!int \"12\""));
        Assert.Equal(new StringValue("12"), Parse("!!str 12"));
    }

    [Fact]
    public void Integer_beyond_int64_that_fits_uint64_is_rejected()
    {
        var ex = Assert.Throws<MalformedFileException>(() => Parse("18446744073709551615"));
        Assert.Equal(ExitCodes.CouldNotReadInputFile, ex.ExitCode);
        Assert.Contains("unsupported value", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("18446744073709551615", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1234.56789, "1234.56789")]
    [InlineData(1234568000.0, "1.234568e+09")]
    [InlineData(1.0, "1")]
    [InlineData(-0.5, "-0.5")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(100000.0, "100000")]
    [InlineData(123456.7, "123456.7")]
    [InlineData(1000000.0, "1e+06")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, ".inf")]
    [InlineData(double.NegativeInfinity, "-.inf")]
    [InlineData(double.NaN, ".nan")]
    public void Floats_are_written_like_go_format_float_g(double value, string expected)
    {
        Assert.Equal(expected, GoFloat.FormatYaml(value));
    }
}
