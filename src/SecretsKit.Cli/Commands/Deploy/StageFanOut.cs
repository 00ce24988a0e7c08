using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Release.Promotion;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>-e STAGE</c> for a stage of several environments: the verb once per environment, as the stage's <c>fanOut:</c>
/// says: <c>sequential</c> in the order listed, or <c>parallel</c> up to <c>--concurrency</c> at once (each
/// environment's stdout kept together); <c>onFailure: stop</c> starts no further environment once one fails. Each
/// environment is a run of its own (its state, its lock, its gates, its record). The exit code is the first failing
/// environment's in the stage's order, else 2 when one reported changes, else 0.
/// </summary>
internal static class StageFanOut
{
    /// <summary>Runs <paramref name="verb"/> on one environment: (environment, verb, stdout, token) → exit code.</summary>
    public delegate Task<int> RunOne(string environment, string verb, Stream stdout, CancellationToken ct);

    public static async Task<int> RunAsync(PromotionStage stage, string verb, int concurrency, Stream stdout, TextWriter stderr, RunOne run,
        CancellationToken ct)
    {
        if (stage.FanOut.OnFailure == FanOutFailure.RollbackDone)
        {
            throw new SecretsKitException(ExitCodes.Generic,
                $"stage {stage.Name}: fanOut.onFailure: rollback-done is not supported yet; nothing was run",
                "use onFailure: stop, or run each environment with its own -e and roll one back with `release -e ENV rollback`");
        }
        var codes = new int[stage.Environments.Count];
        Array.Fill(codes, NotRun);
        using var writing = new SemaphoreSlim(1);
        async Task RunAt(int i, bool buffered)
        {
            if (Enumerable.Range(0, codes.Length).Any(j => Failed(Volatile.Read(ref codes[j])))) return; // onFailure: stop
            var environment = stage.Environments[i];
            await Say(writing, stderr, $"secretskit: stage {stage.Name}: {verb} {environment} ({i + 1} of {stage.Environments.Count})\n");
            if (!buffered)
            {
                Volatile.Write(ref codes[i], await run(environment, verb, stdout, ct));
                return;
            }
            using var buffer = new MemoryStream();
            Volatile.Write(ref codes[i], await run(environment, verb, buffer, ct));
            await writing.WaitAsync(ct);
            try
            {
                await stdout.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), ct);
                await stdout.FlushAsync(ct);
            }
            finally
            {
                writing.Release();
            }
        }
        if (stage.FanOut.Order == FanOutOrder.Sequential)
        {
            for (var i = 0; i < codes.Length; i++) await RunAt(i, buffered: false);
        }
        else
        {
            await ParallelAsync(codes.Length, concurrency, i => RunAt(i, buffered: true), ct);
        }
        var notRun = stage.Environments.Where((_, i) => codes[i] == NotRun).ToList();
        if (notRun.Count > 0) await Say(writing, stderr, $"secretskit: stage {stage.Name}: not run after a failure (onFailure: stop): {string.Join(", ", notRun)}\n");
        return codes.Where(Failed).Select(c => (int?)c).FirstOrDefault() ?? (codes.Contains(2) ? 2 : 0);
    }

    private const int NotRun = -1;

    /// <summary>Runs <paramref name="runAt"/> for 0 … count-1, at most <paramref name="concurrency"/> at a time.</summary>
    private static async Task ParallelAsync(int count, int concurrency, Func<int, Task> runAt, CancellationToken ct)
    {
        using var slots = new SemaphoreSlim(Math.Max(1, concurrency));
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await slots.WaitAsync(ct);
            try
            {
                await runAt(i);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private static bool Failed(int code) => code is not (NotRun or 0 or 2);

    private static async Task Say(SemaphoreSlim writing, TextWriter stderr, string text)
    {
        await writing.WaitAsync();
        try
        {
            await stderr.WriteAsync(text);
            await stderr.FlushAsync();
        }
        finally
        {
            writing.Release();
        }
    }
}
