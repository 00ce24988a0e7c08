using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>The session's verbs that read more than they run: <c>diff --digest</c>, <c>unlock</c>, <c>status --stages</c>.</summary>
public sealed partial class ReleaseSession
{
    /// <summary>
    /// <c>diff --digest</c>: one line, the digest of the environment's plan (<see cref="ReleasePlan.Digest"/>), which
    /// <c>promote --approved-digest</c> must be given. Exit 2 with <c>--detailed-exitcode</c> when there are changes.
    /// </summary>
    public async Task<int> DigestAsync(CancellationToken ct)
    {
        using var pipeline = new ReleasePipeline(file, options, tools);
        if (await pipeline.PlanAsync(ReleaseCommand.Diff, ct) is not { } plan) return 1;
        tools.Stdout.Write(plan.Digest + "\n");
        tools.Stdout.Flush();
        return options.DetailedExitCode && plan.HasChanges ? 2 : 0;
    }

    /// <summary><c>unlock</c>: prints and clears the holder of the environment's lock on each of its kube contexts.</summary>
    public async Task<int> UnlockAsync(CancellationToken ct)
    {
        using var probe = new ReleasePipeline(file, options, tools);
        var contexts = probe.Ordered.Select(t => clusters.ContextName(t.KubeContext)).Append(EnvironmentContext);
        return await ReleaseUnlock.RunAsync(clusters, contexts, Environment, session.Lock, tools.Time, text =>
        {
            tools.Stdout.Write(text);
            tools.Stdout.Flush();
        }, ct);
    }

    /// <summary><c>status --stages</c>: what each stage's environments run, from their records (<see cref="ReleaseStagesReport"/>).</summary>
    public async Task<int> StagesAsync(CancellationToken ct)
    {
        var text = await ReleaseStagesReport.RenderAsync(session.Promotion, name => Defines(name) ? ContextOf(name) : null,
            clusters, session.Lock.Namespace, tools.Time.GetUtcNow(), ct);
        tools.Stdout.Write(text);
        tools.Stdout.Flush();
        return 0;
    }
}
