using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Tests.Models;

/// <summary>Kubernetes' one home for its time text: <c>metav1.Time</c> and <c>metav1.MicroTime</c> as apimachinery marshals them.</summary>
public sealed class KubeTimeTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 29, 16, 4, 5, TimeSpan.FromHours(2)).AddTicks(1_234_567);

    [Fact]
    public void Time_is_utc_to_the_second_and_micro_time_has_six_fraction_digits()
    {
        Assert.Equal("2026-11-29T14:04:05Z", KubeTime.Format(At));
        Assert.Equal("2026-11-29T14:04:05.123456Z", KubeTime.FormatMicro(At));
    }

    [Theory]
    [InlineData("2026-11-29T14:04:05Z", true)]
    [InlineData("2026-11-29T14:04:05.5Z", false)]
    [InlineData("2026-11-29T16:04:05+02:00", false)]
    [InlineData("2026-11-29 14:04:05Z", false)]
    public void The_parse_takes_exactly_the_written_form(string text, bool exact)
    {
        Assert.Equal(exact, KubeTime.TryParseExact(text, out var at));
        if (exact) Assert.Equal(text, KubeTime.Format(at));
    }
}
