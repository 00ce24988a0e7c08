using SecretsKit.Agent.Model;
using SecretsKit.Go.Time;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Model;

/// <summary>
/// Go durations written by a tenant (<c>refreshInterval</c>, a <c>metav1.Duration</c> ESO reads with Go's
/// time.ParseDuration): an overflowing one is invalid, as Go says, never an exception; what Go accepts is accepted.
/// </summary>
public sealed class RefreshIntervalsTests
{
    [Theory]
    [InlineData("99999999999999999999h")]
    [InlineData("2562048h")]
    [InlineData("9223372037s")]
    [InlineData("2562047h2562047h")]
    [InlineData("1e400ms")]
    public void A_duration_past_go_s_limit_is_invalid_and_an_interval_falls_back_to_the_default(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
        Assert.Equal(TimeSpan.FromHours(1), RefreshIntervals.Parse(text));
    }

    [Fact]
    public void The_largest_go_duration_still_parses()
    {
        Assert.True(GoDuration.TryParse("2562047h", out var d));
        Assert.Equal(TimeSpan.FromHours(2562047), d);
    }

    [Theory]
    [InlineData("1h30m", 5400_000)]
    [InlineData("15s", 15_000)]
    [InlineData("1.5h", 5400_000)]
    [InlineData(".5h", 1800_000)]
    [InlineData("1.h", 3600_000)]
    [InlineData("+90s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1500000us", 1500)]
    [InlineData("1500000µs", 1500)]
    [InlineData("1500000000ns", 1500)]
    [InlineData("0", 0)]
    [InlineData("0s", 0)]
    public void An_interval_is_whatever_Go_s_ParseDuration_reads(string text, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RefreshIntervals.Parse(text));
    }

    [Theory]
    [InlineData("-1h")]
    [InlineData("-0s")]
    public void A_negative_interval_syncs_once_as_zero_does_because_ESO_refreshes_only_on_a_positive_one(string text)
    {
        Assert.True(GoDuration.TryParse(text, out var parsed));
        Assert.True(parsed <= TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, RefreshIntervals.Parse(text));
    }

    [Theory]
    [InlineData("1d")]
    [InlineData("1 h")]
    [InlineData("h")]
    [InlineData("1")]
    [InlineData("")]
    public void What_Go_refuses_falls_back_to_the_default(string text)
    {
        Assert.Equal(RefreshIntervals.Default, RefreshIntervals.Parse(text));
    }

    [Fact]
    public async Task An_overflowing_refresh_interval_in_one_namespace_does_not_stop_the_pass_for_another()
    {
        await using var c = await StartAsync();
        c.Store("team-a", "fake", FakeProvider(("k", "a")));
        c.Store("team-b", "fake", FakeProvider(("k", "b")));
        c.ExternalSecret("team-a", "es", Spec("fake", refresh: "99999999999999999999h", data: [("k", "k", null)]));
        c.ExternalSecret("team-b", "es", Spec("fake", data: [("k", "k", null)]));

        await c.PassAsync();

        Assert.Equal("b", c.Value("team-b", "es", "k"));
        Assert.Equal("a", c.Value("team-a", "es", "k")); // synced at the default interval, as any unreadable duration
    }
}
