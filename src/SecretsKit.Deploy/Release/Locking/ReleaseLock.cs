using System.Globalization;
using System.Net;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Kubernetes.Coordination;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Deploy.Release.Locking;

/// <summary>
/// One run's hold on an environment's release lock: the <c>coordination.k8s.io/v1</c> Lease
/// <c>secretskit-release-&lt;environment&gt;</c> in <see cref="ReleaseLockSettings.Namespace"/> on every kube context the
/// run writes to, taken in sorted order (two runs over overlapping contexts cannot deadlock) through the agent's
/// <see cref="LeaderElector"/>, renewed every third of the ttl while the run lasts, and given up by
/// <see cref="DisposeAsync"/> (failures and cancellation included). <see cref="EnsureHeld"/> is the fence: a run whose
/// last renewal is older than two thirds of the ttl, or whose Lease another run took, stops before its next helm call.
/// </summary>
public sealed class ReleaseLock : IAsyncDisposable
{
    private readonly IReadOnlyList<HeldLease> _held;
    private readonly ReleaseLockSettings _settings;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private int _released;

    private ReleaseLock(IReadOnlyList<HeldLease> held, ReleaseLockSettings settings, TimeProvider time)
    {
        _held = held;
        _settings = settings;
        _time = time;
        _renewing = Task.Run(RenewLoopAsync);
    }

    /// <summary>The Lease's name for <paramref name="environment"/>.</summary>
    public static string LeaseName(string environment) => "secretskit-release-" + environment;

    /// <summary>The identity this run holds the Leases under.</summary>
    public string Identity => _held.Count > 0 ? _held[0].Elector.Config.Identity : "";

    /// <summary>
    /// Takes the lock of <paramref name="environment"/> on each of <paramref name="contexts"/>, waiting up to
    /// <see cref="ReleaseLockSettings.Wait"/> for another run's; throws <see cref="ReleaseLockedException"/> (exit 11)
    /// naming the holder when that time passes, after giving back what it took.
    /// </summary>
    public static async Task<ReleaseLock> AcquireAsync(ClusterConnections clusters, IEnumerable<string> contexts, string environment,
        ReleaseLockSettings settings, string identity, TimeProvider time, Action<string> say, CancellationToken cancellationToken)
    {
        var held = new List<HeldLease>();
        try
        {
            foreach (var context in contexts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var elector = new LeaderElector(clusters.Client(context), new LeaderElectionConfig(settings.Namespace, LeaseName(environment), identity)
                {
                    LeaseDuration = settings.Ttl,
                    RenewDeadline = RenewDeadline(settings),
                    RetryPeriod = settings.Ttl / 3,
                    ExpireByRecordedRenewal = true,
                }, time);
                await clusters.InNamespaceAsync(context, settings.Namespace, async () =>
                {
                    await TakeAsync(elector, context, settings, time, say, cancellationToken);
                    return true;
                }, cancellationToken);
                held.Add(new HeldLease(context, elector, elector.ObservedRecord?.AcquireTime) { LastRenewal = time.GetTimestamp() });
            }
        }
        catch
        {
            foreach (var h in held) await h.Elector.ReleaseAsync(CancellationToken.None);
            throw;
        }
        return new ReleaseLock(held, settings, time);
    }

    private static TimeSpan RenewDeadline(ReleaseLockSettings settings) => settings.Ttl * 2 / 3;

    /// <summary>Polls until the Lease is ours or the wait is over (then exit 11 with the holder); says once that it waits.</summary>
    private static async Task TakeAsync(LeaderElector elector, string context, ReleaseLockSettings settings, TimeProvider time, Action<string> say,
        CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var poll = settings.Ttl / 3 < TimeSpan.FromSeconds(1) ? settings.Ttl / 3 : TimeSpan.FromSeconds(1);
        var announced = false;
        while (!await TryAsync(elector, time.GetElapsedTime(started) < settings.Wait, cancellationToken))
        {
            var holder = Describe(elector.ObservedRecord);
            if (time.GetElapsedTime(started) >= settings.Wait)
            {
                throw new ReleaseLockedException(
                    $"the release lock {elector.Config.LeaseName} (namespace {settings.Namespace}, context {context}) is held by {holder}",
                    $"wait for it with --lock-wait (e.g. --lock-wait 10m); a lock not renewed for {Duration(settings.Ttl)} is taken over, "
                    + "and `secretskit release -e ENV unlock` clears it after printing its holder");
            }
            if (!announced)
            {
                say($"secretskit: waiting up to {Duration(settings.Wait)} for the release lock {elector.Config.LeaseName} (context {context}), held by {holder}\n");
                announced = true;
            }
            await Task.Delay(poll, time, cancellationToken);
        }
        if (elector.TakenOverFrom is { } previous)
        {
            say($"secretskit: took over the release lock {elector.Config.LeaseName} (context {context}) at {LeaderElector.MicroTime(time.GetUtcNow())} "
                + $"from {Describe(previous)}: not renewed for its ttl\n");
        }
    }

    /// <summary>
    /// One acquire attempt. A transient API failure (a timeout, a 5xx or 429, a dropped connection) while the run may
    /// still <paramref name="wait"/> counts as not yet; any other error is the caller's to see (RBAC, no such namespace).
    /// </summary>
    private static async Task<bool> TryAsync(LeaderElector elector, bool wait, CancellationToken cancellationToken)
    {
        try
        {
            return await elector.TryAcquireOrRenewAsync(cancellationToken);
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
        catch (Exception e) when (wait && !cancellationToken.IsCancellationRequested
            && (e is TimeoutException or HttpRequestException || e is KubernetesApiException { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.TooManyRequests }))
        {
            return false;
        }
    }

    /// <summary><c>alice@ci-7:4242/1a2b3c4d since 2026-11-28T10:00:00Z (renewed 2026-11-28T10:00:20Z)</c>.</summary>
    public static string Describe(V1LeaseSpec? record)
    {
        if (record is null || string.IsNullOrEmpty(record.HolderIdentity)) return "no one";
        return $"{Echo(record.HolderIdentity)} since {Echo(record.AcquireTime ?? "?")} (renewed {Echo(record.RenewTime ?? "?")})";
    }

    /// <summary>What a Lease says, bounded and on one line (a Lease may be written by anyone with access to it).</summary>
    private static string Echo(string text) => Core.Errors.Echo.Bounded(text);

    /// <summary>A duration as the flags and the promotion file spell it (<c>1m0s</c>, <c>10s</c>).</summary>
    private static string Duration(TimeSpan span) => Go.Time.GoDuration.Format(span.Ticks * 100);

    /// <summary>
    /// The fence, called before every helm call of the run: throws <see cref="ReleaseLockedException"/> when a Lease was
    /// taken by another run or has not been renewed within two thirds of the ttl.
    /// </summary>
    public void EnsureHeld()
    {
        foreach (var h in _held)
        {
            if (h.LostTo is { } other)
            {
                throw new ReleaseLockedException($"the release lock {h.Elector.Config.LeaseName} on context {h.Context} was lost to {other}; stopped before the next helm call",
                    "the run could not renew its lock in time (a stalled host or an unreachable API server); check the release with `secretskit release status` before running again");
            }
            var since = _time.GetElapsedTime(Volatile.Read(ref h.LastRenewal));
            if (since > RenewDeadline(_settings))
            {
                throw new ReleaseLockedException(
                    $"the release lock {h.Elector.Config.LeaseName} on context {h.Context} was last renewed {since.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s ago; stopped before the next helm call",
                    "another run may take it over once the ttl passes; check the API server and the release with `secretskit release status`");
            }
        }
    }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(_settings.Ttl / 3, _time, _stop.Token);
                foreach (var h in _held) await RenewAsync(h);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // released
        }
    }

    private async Task RenewAsync(HeldLease h)
    {
        try
        {
            if (await h.Elector.TryAcquireOrRenewAsync(_stop.Token))
            {
                // a renewal keeps the acquire time; a new one means the Lease was cleared (unlock) and taken afresh
                if (h.Elector.ObservedRecord?.AcquireTime != h.AcquiredAt) h.LostTo ??= "an unlock (the lock was cleared while this run held it)";
                Volatile.Write(ref h.LastRenewal, _time.GetTimestamp());
                return;
            }
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
        {
            return; // the fence stops the run if this goes on past the renew deadline
        }
        if (h.Elector.ObservedHolder is { Length: > 0 } holder && holder != h.Elector.Config.Identity) h.LostTo = Describe(h.Elector.ObservedRecord);
    }

    /// <summary>Stops renewing and clears the holder of every Lease this run holds (best effort: a Lease not cleared expires after its ttl).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 1) return;
        await _stop.CancelAsync();
        try { await _renewing; } catch (OperationCanceledException) { }
        foreach (var h in _held.Reverse()) await h.Elector.ReleaseAsync(CancellationToken.None);
        _stop.Dispose();
    }

    private sealed class HeldLease(string context, LeaderElector elector, string? acquiredAt)
    {
        public string Context => context;

        /// <summary>The Lease's <c>acquireTime</c> when this run took it.</summary>
        public string? AcquiredAt => acquiredAt;

        public LeaderElector Elector => elector;

        /// <summary>The timestamp (<see cref="TimeProvider.GetTimestamp"/>) of the last successful renewal.</summary>
        public long LastRenewal;

        /// <summary>Who took the Lease over, once another run did.</summary>
        public volatile string? LostTo;
    }
}
