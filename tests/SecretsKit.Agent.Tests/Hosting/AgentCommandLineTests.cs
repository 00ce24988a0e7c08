using SecretsKit.Agent.Hosting;

namespace SecretsKit.Agent.Tests.Hosting;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void Rollout_restart_is_a_flag_among_valued_options_and_its_window_is_a_duration()
    {
        var parsed = AgentCommandLine.Parse(["--namespace", "apps", "--rollout-restart", "--rollout-restart-window", "1m30s", "--metrics-port", "9090"]);

        Assert.True(parsed.Options.RolloutRestart);
        Assert.Equal(TimeSpan.FromSeconds(90), parsed.Options.RolloutRestartWindow);
        Assert.Equal("apps", parsed.Options.Namespace);
        Assert.Equal(9090, parsed.MetricsPort);
    }

    [Fact]
    public void Rollout_restart_is_off_by_default_with_a_30_second_window()
    {
        var parsed = AgentCommandLine.Parse(["--rollout-restart=false", "--concurrency", "2"]);

        Assert.False(parsed.Options.RolloutRestart);
        Assert.Equal(TimeSpan.FromSeconds(30), parsed.Options.RolloutRestartWindow);
        Assert.Equal(2, parsed.Options.Concurrency);
    }
}
