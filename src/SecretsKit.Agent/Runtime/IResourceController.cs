using SecretsKit.Agent.Runtime.Queue;

namespace SecretsKit.Agent.Runtime;

/// <summary>
/// One resource kind the agent reconciles. It names the watches it needs (each event maps to work-queue keys), reconciles
/// one object by key (the queue guarantees one worker per key), and can visit everything once (<see cref="ReconcileAllAsync"/>,
/// used by <see cref="AgentController.RunPassAsync"/>). A new kind plugs in by adding one to <see cref="AgentController.Resources"/>.
/// </summary>
internal interface IResourceController
{
    /// <summary>The <see cref="QueueKey.Kind"/> of the keys this controller reconciles.</summary>
    string Kind { get; }

    /// <summary>What to watch while leading. Sources with the same type, namespace and selector share one watch.</summary>
    IReadOnlyList<WatchSource> Watches { get; }

    /// <summary>Reconciles one object; the result says when it is due again or carries the error to back off on.</summary>
    Task<ReconcileResult> ReconcileAsync(QueueKey key, CancellationToken ct);

    /// <summary>Reconciles every object in scope that is due now (tests and one-shot runs).</summary>
    Task ReconcileAllAsync(CancellationToken ct);
}
