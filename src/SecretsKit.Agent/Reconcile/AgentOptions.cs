namespace SecretsKit.Agent.Reconcile;

/// <summary>Agent settings: controller class, watch scope, concurrency, rollout restart.</summary>
internal sealed record AgentOptions
{
    public string ControllerClass { get; init; } = "secretskit";

    /// <summary>Namespace to watch; null = all namespaces.</summary>
    public string? Namespace { get; init; }

    public int Concurrency { get; init; } = 4;

    /// <summary>How often a reconcile pass runs (due checks, drift repair).</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Roll Deployments/StatefulSets that read a target Secret whose data changed, for every ExternalSecret (<c>--rollout-restart</c>).</summary>
    public bool RolloutRestart { get; init; }

    /// <summary>Secret changes in a namespace within this window cause one restart per workload (<c>--rollout-restart-window</c>).</summary>
    public TimeSpan RolloutRestartWindow { get; init; } = TimeSpan.FromSeconds(30);
}
