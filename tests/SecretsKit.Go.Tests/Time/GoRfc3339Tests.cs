using SecretsKit.Go.Tests;
using SecretsKit.Go.Time;

namespace SecretsKit.Go.Tests.Time;

/// <summary><c>time.Parse(time.RFC3339, s)</c> as Unix time (what cel-go's <c>timestamp(string)</c> reads) beside the
/// <see cref="DateTimeOffset"/> form: the same text, with Go's whole offset range.</summary>
public sealed class GoRfc3339Tests
{
    [Theory]
    [InlineData("1970-01-01T00:00:00Z", 0L, 0)]
    [InlineData("2009-02-13T23:31:30.5Z", 1234567890L, 500_000_000)]
    [InlineData("2009-02-13T23:31:30,123456789999Z", 1234567890L, 123_456_789)] // Go: ',' too, digits past the ninth ignored
    [InlineData("2000-01-01T00:00:00+23:59", 946598460L, 0)] // beyond DateTimeOffset's ±14h, as Go reads it
    [InlineData("2000-01-01T00:00:00-01:30", 946690200L, 0)]
    [InlineData("0000-01-01T00:00:00Z", -62167219200L, 0)] // Go's year 0
    [InlineData("2024-02-29T12:00:00Z", 1709208000L, 0)]
    public void Parses_to_unix_seconds_and_nanoseconds(string text, long seconds, int nanoseconds)
    {
        Assert.True(GoRfc3339.TryParseUnix(text, out var s, out var n));
        Assert.Equal((seconds, nanoseconds), (s, n));
    }

    [Theory]
    [InlineData("2023-02-29T00:00:00Z")]
    [InlineData("2000-13-01T00:00:00Z")]
    [InlineData("2000-01-01T24:00:00Z")]
    [InlineData("2000-01-01T00:00:60Z")]
    [InlineData("2000-01-01T00:00:00.Z")]
    [InlineData("2000-01-01T00:00:00")]
    [InlineData("2000-01-01 00:00:00Z")]
    public void Refuses_what_Go_refuses(string text) => Assert.False(GoRfc3339.TryParseUnix(text, out _, out _));

    [Fact]
    public void Both_parses_agree_where_a_DateTimeOffset_can_hold_the_time()
    {
        const string text = "2021-06-30T18:04:05.123456789-07:00";
        Assert.True(GoRfc3339.TryParse(text, out var value, out var extra));
        Assert.True(GoRfc3339.TryParseUnix(text, out var seconds, out var nanoseconds));
        Assert.Equal(value.ToUnixTimeSeconds(), seconds);
        Assert.Equal((int)(value.Ticks % TimeSpan.TicksPerSecond * 100) + extra, nanoseconds);
        Assert.Equal("2021-06-30T18:04:05.123456789-07:00", GoRfc3339.FormatNano(value, extra));
    }
}
