using SecretsKit.Go.Tests;
using SecretsKit.Go.Time;

namespace SecretsKit.Go.Tests.Time;

/// <summary>The one Go duration parser (<c>time.ParseDuration</c>), which the agent's fields and sprig's date functions share.</summary>
public sealed class GoDurationTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1h30m", 5_400_000_000_000L)]
    [InlineData("-1.5h", -5_400_000_000_000L)]
    [InlineData("+.5s", 500_000_000L)]
    [InlineData("1.s", 1_000_000_000L)]
    [InlineData("3ns", 3L)]
    [InlineData("3us", 3_000L)]
    [InlineData("3µs", 3_000L)]
    [InlineData("3μs", 3_000L)]
    [InlineData("2562047h47m16.854775807s", long.MaxValue)]
    public void Parses_what_Go_parses(string text, long nanoseconds)
    {
        Assert.Equal(nanoseconds, GoDuration.Parse(text, out var error));
        Assert.Null(error);
        Assert.True(GoDuration.TryParse(text, out var span));
        Assert.Equal(TimeSpan.FromTicks(nanoseconds / 100), span);
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("1", "time: missing unit in duration \"1\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData(".s", "time: invalid duration \".s\"")]
    [InlineData("2562048h", "time: invalid duration \"2562048h\"")]
    public void Refuses_what_Go_refuses_with_Go_s_error(string text, string message)
    {
        GoDuration.Parse(text, out var error);
        Assert.Equal(message, error);
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(3_723_500_000_000L, "1h2m3.5s")]
    public void Formats_as_Duration_String(long nanoseconds, string text) => Assert.Equal(text, GoDuration.Format(nanoseconds));
}
