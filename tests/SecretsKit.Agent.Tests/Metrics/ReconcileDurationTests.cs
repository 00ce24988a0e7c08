using SecretsKit.Agent.Metrics;

namespace SecretsKit.Agent.Tests.Metrics;

/// <summary>
/// <c>externalsecret_reconcile_duration</c> lives while the ExternalSecret has a state entry. A scrape lists the entries
/// first and writes the durations after; an ExternalSecret's first sync can make its entry and record its duration in
/// between, and that scrape must not take the duration for a deleted object's (it dropped it until the next refresh:
/// the agent-process metrics test then waited for it in vain).
/// </summary>
public sealed class ReconcileDurationTests
{
    private const string EsDuration = "externalsecret_reconcile_duration{name=\"es\",namespace=\"default\"} ";

    [Fact]
    public void A_duration_recorded_while_a_scrape_lists_the_state_entries_survives_that_scrape()
    {
        var es = new ExternalSecretSeries("default", "es");
        var scrapes = 0;
        AgentMetrics? metrics = null;
        metrics = new AgentMetrics(TimeProvider.System)
        {
            ExternalSecrets = () =>
            {
                if (scrapes++ > 0) return [es];
                // the first sync of "es" ends after this scrape listed the entries (it had none yet)
                metrics!.Objects.Reconciled("externalsecret", "default", "es", TimeSpan.FromMilliseconds(3));
                return [];
            },
        };
        Assert.Contains(EsDuration, metrics.Render(), StringComparison.Ordinal);
        Assert.Contains(EsDuration, metrics.Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_duration_recorded_before_a_scrape_goes_when_the_object_has_no_state_entry()
    {
        var metrics = new AgentMetrics(TimeProvider.System) { ExternalSecrets = () => [] };
        // a reconcile that ended after its ExternalSecret was deleted (or its shard moved to another replica)
        metrics.Objects.Reconciled("externalsecret", "default", "es", TimeSpan.FromMilliseconds(3));
        metrics.Objects.Reconciled("secretstore", "default", "store", TimeSpan.FromMilliseconds(3));
        var text = metrics.Render();
        Assert.DoesNotContain(EsDuration, text, StringComparison.Ordinal);
        Assert.Contains("secretstore_reconcile_duration{name=\"store\",namespace=\"default\"} ", text, StringComparison.Ordinal);
        var live = new AgentMetrics(TimeProvider.System) { ExternalSecrets = () => [new ExternalSecretSeries("default", "es")] };
        live.Objects.Reconciled("externalsecret", "default", "es", TimeSpan.FromMilliseconds(3));
        Assert.Contains(EsDuration, live.Render(), StringComparison.Ordinal);
        Assert.Contains(EsDuration, live.Render(), StringComparison.Ordinal);
    }
}
