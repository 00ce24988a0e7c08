using SecretsKit.Agent.Hosting;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Tests.Hosting;

public sealed class AgentCommandLineTests
{
    [Fact]
    public void Help_says_as_the_lifecycle_guide_does_that_once_takes_the_leader_lease()
    {
        var guide = File.ReadAllText(Path.Combine(SecretsKit.Testing.Common.SharedFixtures.RepositoryRoot, "docs", "agent-lifecycle.md"));

        Assert.Contains("It takes the leader Lease", guide, StringComparison.Ordinal);
        Assert.Contains("(takes the leader\n", AgentCommandLine.Usage.Replace("\r", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("no leader election", AgentCommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Vault_allowlist_is_empty_by_default_and_takes_addresses_only_each_with_its_boundary()
    {
        Assert.Empty(AgentCommandLine.Parse([]).Options.VaultAllowlist);

        var parsed = AgentCommandLine.Parse(["--vault-allowlist", "https://vault.example.com:8200,http://10.0.0.1:8200", "--vault-allowlist=https://b.example"]);

        Assert.Equal(["https://vault.example.com:8200/", "http://10.0.0.1:8200/", "https://b.example/"], parsed.Options.VaultAllowlist);
        var bad = Assert.Throws<AgentUsageException>(() => AgentCommandLine.Parse(["--vault-allowlist", "https://vault/v1/transit"]));
        Assert.Contains("--vault-allowlist", bad.Message, StringComparison.Ordinal);
        Assert.Throws<AgentUsageException>(() => AgentCommandLine.Parse(["--vault-allowlist", "vault.example.com"]));
    }

    [Fact]
    public void Client_qps_and_burst_default_to_esos_50_and_100_and_can_be_set()
    {
        var defaults = AgentCommandLine.Parse([]);
        Assert.Equal(50, defaults.Options.ClientQps);
        Assert.Equal(100, defaults.Options.ClientBurst);

        var parsed = AgentCommandLine.Parse(["--client-qps", "20.5", "--client-burst=40"]);
        Assert.Equal(20.5, parsed.Options.ClientQps);
        Assert.Equal(40, parsed.Options.ClientBurst);
        Assert.Contains("--client-qps", AgentCommandLine.Usage, StringComparison.Ordinal);
        Assert.Throws<AgentUsageException>(() => AgentCommandLine.Parse(["--client-burst", "0"]));
    }

    [Fact]
    public void Rollout_restart_is_a_flag_among_valued_options_and_its_window_is_a_duration()
    {
        var parsed = AgentCommandLine.Parse(["--namespace", "apps", "--rollout-restart", "--rollout-restart-window", "1m30s", "--metrics-port", "9090"]);

        Assert.True(parsed.Options.RolloutRestart);
        Assert.Equal(TimeSpan.FromSeconds(90), parsed.Options.RolloutRestartWindow);
        Assert.Equal("apps", parsed.Options.Namespace);
        Assert.Equal(9090, parsed.MetricsPort);
        Assert.False(parsed.HelpRequested);
    }

    [Fact]
    public void Shards_are_off_by_default_and_set_with_a_count()
    {
        Assert.Equal(0, AgentCommandLine.Parse([]).Options.Shards);
        Assert.Equal(12, AgentCommandLine.Parse(["--shards", "12"]).Options.Shards);
        Assert.Equal(256, AgentCommandLine.Parse(["--shards=256"]).Options.Shards);
    }

    [Fact]
    public void Rollout_restart_is_off_by_default_with_a_30_second_window()
    {
        var parsed = AgentCommandLine.Parse(["--rollout-restart=false", "--concurrency", "2"]);

        Assert.False(parsed.Options.RolloutRestart);
        Assert.Equal(TimeSpan.FromSeconds(30), parsed.Options.RolloutRestartWindow);
        Assert.Equal(2, parsed.Options.Concurrency);
    }

    [Theory]
    [InlineData(new[] { "--enable-cluster-store-reconciler" }, true)]
    [InlineData(new[] { "--enable-cluster-store-reconciler=true" }, true)]
    [InlineData(new[] { "--enable-cluster-store-reconciler=false" }, false)]
    [InlineData(new[] { "--namespace", "team-a", "--enable-cluster-store-reconciler=false", "--concurrency", "2" }, false)]
    [InlineData(new[] { "--enable-cluster-store-reconciler=false", "--enable-cluster-store-reconciler" }, true)]
    public void Cluster_store_reconciler_bare_flag_or_true_keeps_it_on_false_turns_it_off_and_the_last_one_wins(string[] args, bool expected)
    {
        var parsed = AgentCommandLine.Parse(args);

        Assert.Equal(expected, parsed.Options.ClusterStoreReconciler);
        Assert.Contains("--enable-cluster-store-reconciler[=true|false]", AgentCommandLine.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "--claim-stores-without-controller" }, true)]
    [InlineData(new[] { "--claim-stores-without-controller=false", "--controller-class", "team" }, false)]
    public void Stores_without_controller_are_claimed_unless_switched_off(string[] args, bool expected)
    {
        Assert.Equal(expected, AgentCommandLine.Parse(args).Options.ClaimStoresWithoutController);
        Assert.Contains("--claim-stores-without-controller[=true|false]", AgentCommandLine.Usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_may_also_follow_an_equals_sign()
    {
        var parsed = AgentCommandLine.Parse(["--controller-class=team", "--store-rate-limit=0.5", "--lease-namespace=ops", "--rollout-restart=true"]);

        Assert.Equal("team", parsed.Options.ControllerClass);
        Assert.Equal(0.5, parsed.Options.StoreRateLimit);
        Assert.Equal("ops", parsed.LeaseNamespace);
        Assert.True(parsed.Options.RolloutRestart);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_requested_without_failing_on_the_other_flags(string flag)
    {
        var parsed = AgentCommandLine.Parse(["--concurrency", "3", flag]);

        Assert.True(parsed.HelpRequested);
        Assert.Contains("--rollout-restart-window", AgentCommandLine.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--concurency", "4" }, "unknown flag '--concurency'")]
    [InlineData(new[] { "--metrics-port", "8080", "--verbose" }, "unknown flag '--verbose'")]
    [InlineData(new[] { "--namespace=apps", "--dry-run=true" }, "unknown flag '--dry-run'")]
    [InlineData(new[] { "apps" }, "unexpected argument 'apps'")]
    [InlineData(new[] { "--namespace" }, "flag '--namespace' needs a value")]
    [InlineData(new[] { "--namespace", "--concurrency", "2" }, "flag '--namespace' needs a value")]
    [InlineData(new[] { "--concurrency", "four" }, "flag '--concurrency' needs a whole number from 1")]
    [InlineData(new[] { "--concurrency", "0" }, "flag '--concurrency' needs a whole number from 1")]
    [InlineData(new[] { "--shards", "-1" }, "flag '--shards' needs a whole number from 0 to 256")]
    [InlineData(new[] { "--shards", "257" }, "flag '--shards' needs a whole number from 0 to 256")]
    [InlineData(new[] { "--metrics-port", "70000" }, "flag '--metrics-port' needs a whole number from 1 to 65535")]
    [InlineData(new[] { "--store-rate-limit", "fast" }, "flag '--store-rate-limit' needs a number")]
    [InlineData(new[] { "--rollout-restart-window", "30 seconds" }, "flag '--rollout-restart-window' needs a Go duration")]
    [InlineData(new[] { "--rollout-restart=yes" }, "flag '--rollout-restart' takes true or false")]
    [InlineData(new[] { "--enable-cluster-store-reconciler=no" }, "flag '--enable-cluster-store-reconciler' takes true or false, not 'no'")]
    [InlineData(new[] { "--enable-cluster-store-reconciler=" }, "flag '--enable-cluster-store-reconciler' takes true or false")]
    [InlineData(new[] { "--enable-cluster-store-reconciler", "false" }, "unexpected argument 'false'")]
    [InlineData(new[] { "--enable-cluster-stores=false" }, "unknown flag '--enable-cluster-stores'")]
    public void Unusable_arguments_fail_with_exit_1_naming_the_flag(string[] args, string message)
    {
        var e = Assert.Throws<AgentUsageException>(() => AgentCommandLine.Parse(args));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Contains("--help", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void No_arguments_give_the_defaults()
    {
        var parsed = AgentCommandLine.Parse([]);

        Assert.Equal("secretskit", parsed.Options.ControllerClass);
        Assert.Equal(8080, parsed.MetricsPort);
        Assert.Null(parsed.Options.Namespace);
        Assert.True(parsed.Options.ClusterStoreReconciler);
        Assert.False(parsed.HelpRequested);
    }
}
