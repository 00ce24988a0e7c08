using SecretsKit.Agent.ChangeEvents;

namespace SecretsKit.Agent.Tests.ChangeEvents;

public sealed class LongPollWaitTests
{
    [Theory]
    [InlineData(30, 20)]
    [InlineData(25, 20)]
    [InlineData(12, 7)]
    [InlineData(7, 2)]
    [InlineData(5.5, 1)]
    public void A_long_poll_waits_at_most_20_s_and_ends_5_s_inside_the_http_attempt_timeout(double attemptSeconds, int expected)
    {
        var wait = LongPollWait.Seconds(TimeSpan.FromSeconds(attemptSeconds));
        Assert.Equal(expected, wait);
        Assert.True(wait < attemptSeconds);
    }
}
