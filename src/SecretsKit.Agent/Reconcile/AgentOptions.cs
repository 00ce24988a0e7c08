namespace SecretsKit.Agent.Reconcile;

/// <summary>Agent settings: controller class, watch scope, concurrency.</summary>
internal sealed record AgentOptions
{
    public string ControllerClass { get; init; } = "secretskit";

    /// <summary>Namespace to watch; null = all namespaces.</summary>
    public string? Namespace { get; init; }

    public int Concurrency { get; init; } = 4;

    /// <summary>How often a reconcile pass runs (due checks, drift repair).</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromSeconds(10);
}
