using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers.Fake;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Model;

/// <summary>Go durations written by a tenant (<c>refreshInterval</c>): an overflowing one is invalid, as Go's time.ParseDuration says, never an exception.</summary>
public sealed class GoDurationTests
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
        Assert.Equal(TimeSpan.FromHours(1), GoDuration.ParseInterval(text));
    }

    [Fact]
    public void The_largest_go_duration_still_parses()
    {
        Assert.True(GoDuration.TryParse("2562047h", out var d));
        Assert.Equal(TimeSpan.FromHours(2562047), d);
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
