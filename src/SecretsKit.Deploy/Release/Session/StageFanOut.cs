using SecretsKit.Deploy.Release.Promotion;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// <c>-e STAGE</c> for a stage of several environments: the verb once per environment, as the stage's <c>fanOut:</c>
/// says: <c>sequential</c> in the order listed, or <c>parallel</c> up to <c>--concurrency</c> at once (each
/// environment's stdout kept together); once one fails no further environment starts, and with
/// <c>onFailure: rollback-done</c> the environments this run already promoted (or applied, synced) are rolled back, the
/// last one done first. Each environment is a run of its own (its state, its lock, its gates, its record), and so is each
/// rollback. The exit code is the first failing environment's in the stage's order, else 2 when one reported changes,
/// else 0.
/// </summary>
internal static class StageFanOut
{
    /// <summary>Runs <paramref name="verb"/> on one environment: (environment, verb, stdout, token) → exit code.</summary>
    public delegate Task<int> RunOne(string environment, string verb, Stream stdout, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="verb"/> on each environment of <paramref name="stage"/>; <paramref name="rollBack"/> takes one
    /// environment back after another failed (<c>rollback-done</c>; the verb it is given is the one to undo).
    /// </summary>
    public static async Task<int> RunAsync(PromotionStage stage, string verb, int concurrency, Stream stdout, TextWriter stderr, RunOne run,
        RunOne rollBack, CancellationToken ct)
    {
        var codes = new int[stage.Environments.Count];
        var done = new List<string>(); // in the order they ended, for rollback-done
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
                Done(done, environment, codes[i]);
                return;
            }
            using var buffer = new MemoryStream();
            Volatile.Write(ref codes[i], await run(environment, verb, buffer, ct));
            Done(done, environment, codes[i]);
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
        var mode = stage.FanOut.OnFailure == FanOutFailure.RollbackDone ? "rollback-done" : "stop";
        if (notRun.Count > 0) await Say(writing, stderr, $"secretskit: stage {stage.Name}: not run after a failure (onFailure: {mode}): {string.Join(", ", notRun)}\n");
        var failed = stage.Environments.Where((_, i) => Failed(codes[i])).ToList();
        if (failed.Count > 0 && mode == "rollback-done") await RollBackDoneAsync(stage, verb, failed[0], done, stdout, stderr, rollBack, ct);
        return codes.Where(Failed).Select(c => (int?)c).FirstOrDefault() ?? (codes.Contains(2) ? 2 : 0);
    }

    /// <summary>Verbs whose environments <c>rollback-done</c> takes back: those that upgrade releases and write a record.</summary>
    private static readonly string[] Undoable = ["promote", "apply", "sync"];

    private static void Done(List<string> done, string environment, int code)
    {
        if (code is not (0 or 2)) return;
        lock (done) done.Add(environment);
    }

    /// <summary>
    /// <c>rollback-done</c>: each environment that ended well, the last done first, is rolled back (not after a signal:
    /// the run then stops); says which were, and which could not be.
    /// </summary>
    private static async Task RollBackDoneAsync(PromotionStage stage, string verb, string failed, List<string> done, Stream stdout, TextWriter stderr,
        RunOne rollBack, CancellationToken ct)
    {
        if (!Undoable.Contains(verb) || done.Count == 0) return;
        if (ct.IsCancellationRequested)
        {
            await stderr.WriteAsync($"secretskit: stage {stage.Name}: interrupted: not rolled back (onFailure: rollback-done): {string.Join(", ", done)}\n");
            return;
        }
        var rolledBack = new List<string>();
        var notRolledBack = new List<string>();
        foreach (var environment in Enumerable.Reverse(done))
        {
            await stderr.WriteAsync($"secretskit: stage {stage.Name}: rollback {environment} ({verb} of this run, after {failed} failed; onFailure: rollback-done)\n");
            await stderr.FlushAsync(ct);
            var code = await rollBack(environment, verb, stdout, ct);
            (code == 0 ? rolledBack : notRolledBack).Add(code == 0 ? environment : $"{environment} (exit {code})");
        }
        if (rolledBack.Count > 0) await stderr.WriteAsync($"secretskit: stage {stage.Name}: rolled back (onFailure: rollback-done): {string.Join(", ", rolledBack)}\n");
        if (notRolledBack.Count > 0) await stderr.WriteAsync($"secretskit: stage {stage.Name}: NOT rolled back: {string.Join(", ", notRolledBack)}\n");
        await stderr.FlushAsync(ct);
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
