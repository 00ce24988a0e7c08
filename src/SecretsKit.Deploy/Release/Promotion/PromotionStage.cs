namespace SecretsKit.Deploy.Release.Promotion;

/// <summary>
/// One stage of the promotion file: a name, the helmfile environments it deploys (in order), the stage it is promoted
/// from, its gates and how its environments are promoted when it has several.
/// </summary>
public sealed record PromotionStage(string Name, IReadOnlyList<string> Environments, string? From, PromotionGates Gates, PromotionFanOut FanOut);

/// <summary>How a stage with several environments (clusters) is promoted (<c>fanOut:</c>).</summary>
public sealed record PromotionFanOut(FanOutOrder Order, FanOutFailure OnFailure)
{
    public static PromotionFanOut Default { get; } = new(FanOutOrder.Sequential, FanOutFailure.Stop);
}

/// <summary><c>fanOut.order</c>.</summary>
public enum FanOutOrder
{
    /// <summary><c>sequential</c>: one environment after the other, in the order listed (the first is the canary cluster).</summary>
    Sequential,

    /// <summary><c>parallel</c>: all at once, bounded by <c>--concurrency</c>.</summary>
    Parallel,
}

/// <summary><c>fanOut.onFailure</c>.</summary>
public enum FanOutFailure
{
    /// <summary><c>stop</c>: start no further environment; those already promoted stay.</summary>
    Stop,

    /// <summary><c>rollback-done</c>: roll back the environments this run already promoted.</summary>
    RollbackDone,
}
