namespace SecretsKit.Agent.Tests;

/// <summary>
/// Tests whose must-show is a latency bound (the noisy-neighbour test's "synced within 2 s"): xunit runs this collection
/// on its own after the parallel ones, so the bound measures the agent, not the other test classes sharing the cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunAlone
{
    public const string Name = "alone";
}
