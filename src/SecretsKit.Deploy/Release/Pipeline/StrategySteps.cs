using SecretsKit.Deploy.Release.Records;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The steps of a strategy's run (<see cref="CanaryRollout"/>, <see cref="BlueGreenRollout"/>) as the record keeps them.</summary>
internal static class StrategySteps
{
    /// <summary>Runs <paramref name="step"/> and adds it to <paramref name="record"/> with its times and outcome (interrupted when a signal ended it).</summary>
    public static async Task<bool> RunAsync(RecordedStrategy record, ReleasePipelineContext context, string name, Func<Task<bool>> step)
    {
        var recorded = new RecordedStrategyStep { Step = name, StartedAt = context.Time.GetUtcNow(), Outcome = "interrupted" };
        record.Steps.Add(recorded);
        try
        {
            var ok = await step();
            recorded.Outcome = context.Interrupted ? "interrupted" : ok ? "passed" : "failed";
            return ok;
        }
        finally
        {
            recorded.EndedAt = context.Time.GetUtcNow();
        }
    }
}
