using SecretsKit.Core.Crypto;
using SecretsKit.Core.Tree;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;

namespace SecretsKit.Core.Tests.Crypto;

public sealed class GoFormatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-1.0, "-1")]
    [InlineData(100.0, "100")]
    [InlineData(0.1, "0.1")]
    [InlineData(3.14, "3.14")]
    [InlineData(25.4, "25.4")]
    [InlineData(1234568000.0, "1234568000")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1.5e15, "1500000000000000")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1.2345e22, "12345000000000000000000")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(2.5e-5, "0.000025")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(123456789.123, "123456789.123")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Float_formats_like_Go_FormatFloat_f_minus1(double value, string expected)
    {
        Assert.Equal(expected, GoFloat.FormatF(value));
    }

    [Fact]
    public void Float_extremes_format_without_exponent_and_round_trip()
    {
        var smallest = GoFloat.FormatF(double.Epsilon);
        Assert.Equal("0." + new string('0', 323) + "5", smallest);
        var largest = GoFloat.FormatF(double.MaxValue);
        Assert.Equal("17976931348623157" + new string('0', 292), largest);
        foreach (var v in new[] { double.Epsilon, double.MaxValue, 1e-300, 6.02214076e23, 0.3, 2.0 / 3 })
        {
            Assert.True(GoFloat.TryParse(GoFloat.FormatF(v), out var back));
            Assert.Equal(v, back);
        }
    }

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("+1.5", 1.5)]
    [InlineData("-2.25", -2.25)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E-2", 0.01)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("Inf", double.PositiveInfinity)]
    [InlineData("+Inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("infinity", double.PositiveInfinity)]
    [InlineData("NaN", double.NaN)]
    [InlineData("nan", double.NaN)]
    public void Float_parses_what_Go_ParseFloat_accepts(string text, double expected)
    {
        Assert.True(GoFloat.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("1e400")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("--1")]
    [InlineData("+NaN")]
    public void Float_rejects_what_Go_ParseFloat_rejects(string text)
    {
        Assert.False(GoFloat.TryParse(text, out _));
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z")]
    [InlineData("2006-01-02T15:04:05+07:06")]
    [InlineData("2006-01-02T15:04:05-05:00")]
    [InlineData("2025-01-02T03:04:05.5Z")]
    [InlineData("2025-01-02T03:04:05.123456789+01:00")]
    [InlineData("2025-01-02T03:04:05.000000005Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public void Time_round_trips_in_Go_MarshalText_form(string text)
    {
        Assert.True(GoRfc3339.TryParse(text, out var time, out var nanoseconds));
        Assert.Equal(text, GoRfc3339.FormatNano(time, nanoseconds));
    }

    [Fact]
    public void Time_formats_fraction_trimmed_and_offset_as_Z_or_hh_mm()
    {
        var dto = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(-(5 * 60 + 30))).AddTicks(1_234_567);
        Assert.Equal("2024-05-06T07:08:09.123456789-05:30", Rfc3339Nano(new TimeValue(dto, 89)));
        Assert.Equal("2024-05-06T07:08:09.12Z", Rfc3339Nano(new TimeValue(new DateTimeOffset(2024, 5, 6, 7, 8, 9, 120, TimeSpan.Zero))));
        Assert.Equal("2024-05-06T07:08:09Z", Rfc3339Nano(new TimeValue(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero))));
    }

    [Fact]
    public void Time_parse_keeps_nanoseconds_and_trims_trailing_zeros_on_output()
    {
        Assert.True(TryParse("2024-01-01T00:00:00.120Z", out var t));
        Assert.Equal("2024-01-01T00:00:00.12Z", Rfc3339Nano(t));
        Assert.True(TryParse("2024-01-01T00:00:00.987654321Z", out t));
        Assert.Equal(21, t.Nanoseconds);
        Assert.Equal(9_876_543, t.Value.Ticks % TimeSpan.TicksPerSecond);
    }

    [Theory]
    [InlineData("2024-01-01 00:00:00Z")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00")]
    [InlineData("2024-01-01T00:00:00+0700")]
    [InlineData("2024-01-01T24:00:00Z")]
    [InlineData("2024-01-01T00:00:00.Z")]
    [InlineData("2024-01-01")]
    public void Time_rejects_non_RFC3339_text(string text)
    {
        Assert.False(TryParse(text, out _));
    }

    private static string Rfc3339Nano(TimeValue t) => GoRfc3339.FormatNano(t.Value, t.Nanoseconds);

    private static bool TryParse(string text, out TimeValue time)
    {
        var ok = GoRfc3339.TryParse(text, out var value, out var nanoseconds);
        time = new TimeValue(value, nanoseconds);
        return ok;
    }
}
