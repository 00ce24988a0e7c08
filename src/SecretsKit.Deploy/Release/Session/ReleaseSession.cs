using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.Locking;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// One <c>secretskit release</c> run of an environment: the pipeline (<see cref="ReleasePipeline"/>) with what makes
/// runs a release process around it. <c>apply</c>, <c>sync</c>, <c>destroy</c>, <c>rollback</c> and <c>promote</c> hold
/// the environment's release lock (<see cref="ReleaseLock"/>) for the whole run, look for stale pending revisions
/// under it (<see cref="PendingReleases"/>), and <c>apply</c>, <c>sync</c> and <c>promote</c> end by writing the
/// environment's release record (<see cref="ReleaseRecordStore"/>). <c>promote</c> (<see cref="PromoteAsync"/>) runs the
/// gates before any cluster write but the lock's.
/// </summary>
public sealed partial class ReleaseSession(ReleaseFile file, ReleaseRunOptions options, ReleaseTools tools, ReleaseSessionOptions session,
    ClusterConnections clusters, IEnvironment environment, IProcessRunner processes)
{
    private ReleaseLock? _held;

    private string Environment => options.Environment;

    /// <summary>Verbs that write to the cluster, and so hold the lock.</summary>
    public static bool Locks(ReleaseCommand command) => command is ReleaseCommand.Apply or ReleaseCommand.Sync or ReleaseCommand.Destroy or ReleaseCommand.Rollback;

    /// <summary>Verbs that leave a release record.</summary>
    public static bool Records(ReleaseCommand command) => command is ReleaseCommand.Apply or ReleaseCommand.Sync;

    /// <summary>Runs <paramref name="command"/>; returns the exit code (0, 1, 2 for changes with --detailed-exitcode, 11 when locked).</summary>
    public async Task<int> RunAsync(ReleaseCommand command, CancellationToken ct)
    {
        if (!Locks(command))
        {
            using var plain = new ReleasePipeline(file, options, tools);
            return await plain.RunAsync(command, ct);
        }
        var started = tools.Time.GetUtcNow();
        using var pipeline = new ReleasePipeline(file, options with { Record = Records(command), Strategies = Records(command) ? session.Promotion.Strategies : [] }, tools);
        pipeline.UseClusters(clusters);
        try
        {
            if (!await LockAsync(pipeline.Ordered, ct)) return 1;
            var previous = Records(command) ? await ReadOwnRecordAsync(ct) : null;
            if (command is ReleaseCommand.Apply or ReleaseCommand.Sync) await ResumeAsync(command, pipeline, previous, ct);
            var code = await pipeline.RunAsync(command, ct);
            return Records(command) ? await RecordAsync(pipeline, command.ToString().ToLowerInvariant(), started, previous, null, null, code, ct) : code;
        }
        finally
        {
            await GiveBackLockAsync();
        }
    }

    /// <summary><c>--interactive</c> is refused, before anything is locked or rendered, when there is no terminal to ask on.</summary>
    private Func<string, bool> RequireTerminal() => session.Ask
        ?? throw new SecretsKitException(ExitCodes.Generic, "--interactive needs a terminal to ask on (stdin is not one, or CI is set)",
            "review with `release diff`, then run without --interactive (promote: with --approved-digest from `release diff --digest`)");

    /// <summary>
    /// Takes the lock on the contexts the run writes to (the releases' and the environment's, for its record), fences
    /// helm with it, and looks for stale pending revisions; false when one stops the run (said on stderr). With
    /// <c>--no-lock</c> only warns.
    /// </summary>
    private async Task<bool> LockAsync(IReadOnlyList<ReleaseTarget> targets, CancellationToken ct)
    {
        if (session.NoLock)
        {
            if (session.RecoverPending) throw new SecretsKitException(ExitCodes.Generic, "--recover-pending needs the release lock: leave out --no-lock");
            tools.Stderr.Write($"secretskit: warning: --no-lock: {ReleaseLock.LeaseName(Environment)} is not taken; another run may deploy {Environment} at the same time\n");
            return true;
        }
        try
        {
            var contexts = targets.Select(t => clusters.ContextName(t.KubeContext)).Append(EnvironmentContext).ToList();
            _held = await ReleaseLock.AcquireAsync(clusters, contexts, Environment, session.Lock, LockHolder.Create(environment), tools.Time,
                text => tools.Stderr.Write(text), ct);
        }
        catch (Exception e) when (e is KubernetesConfigException or KubernetesApiException or HttpRequestException or TimeoutException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"the release lock of {Environment} could not be taken: {Echo.Bounded(e.Message, 600)}",
                $"the run holds a Lease in {session.Lock.Namespace} on each kube context it writes to (docs/release-promotion.md); "
                + "--no-lock runs without it (warned)", e);
        }
        tools.Helm.Fence = _held.EnsureHeld;
        return await PendingReleases.CheckAsync(tools.Helm, targets.Where(t => t.Spec.Installed).ToList(), Environment, session.RecoverPending,
            text => tools.Stderr.Write(text), ct);
    }

    private async Task GiveBackLockAsync()
    {
        tools.Helm.Fence = null;
        if (_held is { } held) await held.DisposeAsync();
        _held = null;
    }

    /// <summary>The environment's kube context (its <c>kubeContext</c>, else helmDefaults', else the current one): where its record lives.</summary>
    private string EnvironmentContext => ContextOf(Environment);

    private string ContextOf(string name) =>
        clusters.ContextName((file.Environments.TryGetValue(name, out var env) ? env.KubeContext : file.KubeContexts.GetValueOrDefault(name))
            ?? file.Defaults.KubeContext);

    /// <summary>Whether the state defines the environment <paramref name="name"/>.</summary>
    private bool Defines(string name) => file.Environments.ContainsKey(name) || file.KubeContexts.ContainsKey(name);

    /// <summary>Where <paramref name="name"/>'s record lives, for messages: also when the kube config cannot be read (said instead of the context).</summary>
    private string RecordLocation(string name)
    {
        string context;
        try
        {
            context = "context " + ContextOf(name);
        }
        catch (SecretsKitException)
        {
            context = "no readable kube config";
        }
        return $"ConfigMap {session.Lock.Namespace}/{ReleaseRecordStore.ConfigMapName(name)} on {context}";
    }

    /// <summary>
    /// <c>--resume</c>: the canary strategies the environment's record shows paused go on from their next step; refused,
    /// before anything is deployed, when the record shows none or when a paused release's chart or values changed since
    /// the pause (<see cref="ReleasePipeline.RefuseChangedSincePauseAsync"/>).
    /// </summary>
    private async Task ResumeAsync(ReleaseCommand command, ReleasePipeline pipeline, ReleaseRecord? previous, CancellationToken ct)
    {
        if (!session.Resume) return;
        var paused = (previous?.Releases ?? []).Where(e => e?.Strategy is { Outcome: "paused", NextStep: not null })
            .ToDictionary(e => $"{e.Namespace}/{e.Name}", e => e.Strategy!, StringComparer.Ordinal);
        if (paused.Count == 0)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"--resume: the release record of {Environment} ({RecordLocation(Environment)}) shows no paused strategy",
                "a run paused by a canary's pause: {} step exits 12 and records where it stopped; run without --resume to start the rollout");
        }
        await pipeline.RefuseChangedSincePauseAsync(command, paused.ToDictionary(p => p.Key, p => p.Value.InputsDigest, StringComparer.Ordinal), ct);
        foreach (var (release, strategy) in paused) tools.Stderr.Write($"secretskit: {release}: resuming its canary at step {strategy.NextStep!.Value + 1}\n");
        pipeline.ResumeStrategies(paused.ToDictionary(p => p.Key, p => p.Value.NextStep!.Value, StringComparer.Ordinal));
    }
}
