using System.Globalization;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Coordination;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1), like client-go's: a candidate takes the Lease when it is
/// free or when its record has not changed for <see cref="LeaderElectionConfig.LeaseDuration"/> by the candidate's
/// own clock; writes use the Lease's resourceVersion, so two candidates cannot both win. The leader renews every
/// <see cref="LeaderElectionConfig.RetryPeriod"/> and steps down when it cannot renew within the renew deadline.
/// </summary>
public sealed class LeaderElector(KubernetesClient client, LeaderElectionConfig config, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private V1LeaseSpec? _observed;
    private DateTimeOffset _observedAt;

    public LeaderElectionConfig Config => config;

    public bool IsLeader { get; private set; }

    /// <summary>The holder identity last seen on the Lease.</summary>
    public string? ObservedHolder => _observed?.HolderIdentity;

    /// <summary>The record of another holder whose expired Lease the last successful attempt took over, else null.</summary>
    public V1LeaseSpec? TakenOverFrom { get; private set; }

    /// <summary>The Lease record last seen (holder, acquire and renew times), or null before the first attempt.</summary>
    public V1LeaseSpec? ObservedRecord => _observed;

    /// <summary>Called when the observed holder changes (including to ourselves).</summary>
    public Action<string>? OnNewLeader { get; init; }

    /// <summary>One acquire-or-renew attempt; true when we hold the Lease afterwards.</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var existing = await client.TryGetAsync(ResourceTypes.Lease, config.LeaseNamespace, config.LeaseName, cancellationToken);
        var desired = new V1LeaseSpec
        {
            HolderIdentity = config.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(config.LeaseDuration.TotalSeconds),
            AcquireTime = MicroTime(now),
            RenewTime = MicroTime(now),
            LeaseTransitions = 0,
        };
        if (existing is null)
        {
            var lease = new V1Lease { Metadata = new ObjectMeta { Name = config.LeaseName, Namespace = config.LeaseNamespace }, Spec = desired };
            try
            {
                await client.CreateAsync(ResourceTypes.Lease, KubeModels.FromLease(lease), cancellationToken);
            }
            catch (KubernetesAlreadyExistsException)
            {
                return false;
            }
            TakenOverFrom = null;
            Observe(desired, now);
            return true;
        }

        var current = KubeModels.ToLease(existing);
        var record = current.Spec;
        if (_observed is null || !SameRecord(_observed, record)) Observe(record, now);
        var heldByOther = !string.IsNullOrEmpty(record.HolderIdentity) && record.HolderIdentity != config.Identity;
        if (heldByOther && _observedAt + config.LeaseDuration > now && !(config.ExpireByRecordedRenewal && RecordExpired(record, now)))
        {
            IsLeader = false;
            return false;
        }
        TakenOverFrom = heldByOther ? record : null;
        if (record.HolderIdentity == config.Identity)
        {
            desired.AcquireTime = record.AcquireTime;
            desired.LeaseTransitions = record.LeaseTransitions;
        }
        else
        {
            desired.LeaseTransitions = (record.LeaseTransitions ?? 0) + 1;
        }
        current.Spec = desired;
        try
        {
            await client.ReplaceAsync(ResourceTypes.Lease, KubeModels.FromLease(current), cancellationToken);
        }
        catch (KubernetesConflictException)
        {
            return false;
        }
        Observe(desired, now);
        return true;
    }

    /// <summary>
    /// Blocks until elected, then runs <paramref name="onStartedLeading"/> with a token that is cancelled when
    /// leadership is lost or <paramref name="cancellationToken"/> fires; returns after that work has finished.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        while (!await SafeTryAsync(cancellationToken))
        {
            await Task.Delay(config.RetryPeriod, _time, cancellationToken);
        }
        IsLeader = true;
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        var lastRenew = _time.GetUtcNow();
        try
        {
            while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
            {
                await Task.Delay(config.RetryPeriod, _time, cancellationToken);
                if (await SafeTryAsync(cancellationToken))
                {
                    lastRenew = _time.GetUtcNow();
                }
                else if (_time.GetUtcNow() - lastRenew > config.RenewDeadline || (ObservedHolder is { } h && h != config.Identity))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // asked to stop
        }
        finally
        {
            IsLeader = false;
            await leading.CancelAsync();
            try { await work; } catch (OperationCanceledException) { }
            if (cancellationToken.IsCancellationRequested && config.ReleaseOnCancel)
            {
                await ReleaseAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Gives the Lease up if we hold it, as client-go's ReleaseOnCancel: an update that empties holderIdentity, with a
    /// one-second lease duration, so others need not wait for it to expire. Returns whether this call released it;
    /// API failures are swallowed (the Lease then expires by itself), cancellation is not.
    /// </summary>
    public async Task<bool> ReleaseAsync(CancellationToken cancellationToken = default)
    {
        IsLeader = false;
        try
        {
            var existing = await client.TryGetAsync(ResourceTypes.Lease, config.LeaseNamespace, config.LeaseName, cancellationToken);
            if (existing is null) return false;
            var lease = KubeModels.ToLease(existing);
            if (lease.Spec.HolderIdentity != config.Identity) return false;
            await EmptyAsync(lease, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
        {
            // best effort: the lease expires by itself
            return false;
        }
    }

    /// <summary>
    /// Clears the Lease's holder whoever holds it (an operator's unlock), as <see cref="ReleaseAsync"/> does for our own;
    /// returns the record it held before, or null when there is no Lease. A concurrent change makes it throw
    /// <see cref="KubernetesConflictException"/>.
    /// </summary>
    public async Task<V1LeaseSpec?> ClearAsync(CancellationToken cancellationToken = default)
    {
        var existing = await client.TryGetAsync(ResourceTypes.Lease, config.LeaseNamespace, config.LeaseName, cancellationToken);
        if (existing is null) return null;
        var lease = KubeModels.ToLease(existing);
        var before = lease.Spec;
        await EmptyAsync(lease, cancellationToken);
        IsLeader = false;
        return before;
    }

    /// <summary>Writes <paramref name="lease"/> back with no holder and a one-second duration (client-go's release).</summary>
    private async Task EmptyAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        var now = MicroTime(_time.GetUtcNow());
        lease.Spec = new V1LeaseSpec
        {
            HolderIdentity = null,
            LeaseDurationSeconds = 1,
            AcquireTime = now,
            RenewTime = now,
            LeaseTransitions = lease.Spec.LeaseTransitions,
        };
        await client.ReplaceAsync(ResourceTypes.Lease, KubeModels.FromLease(lease), cancellationToken);
    }

    /// <summary>Whether the record's own renew time plus its duration lies before <paramref name="now"/> (unreadable times: not expired).</summary>
    private static bool RecordExpired(V1LeaseSpec record, DateTimeOffset now) =>
        record.RenewTime is { } renewed && record.LeaseDurationSeconds is { } seconds
        && DateTimeOffset.TryParse(renewed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
        && at + TimeSpan.FromSeconds(seconds) < now;

    private async Task<bool> SafeTryAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await TryAcquireOrRenewAsync(cancellationToken);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
        {
            return false;
        }
    }

    private void Observe(V1LeaseSpec record, DateTimeOffset now)
    {
        var changedHolder = _observed?.HolderIdentity != record.HolderIdentity;
        _observed = record;
        _observedAt = now;
        if (changedHolder && !string.IsNullOrEmpty(record.HolderIdentity)) OnNewLeader?.Invoke(record.HolderIdentity);
    }

    private static bool SameRecord(V1LeaseSpec a, V1LeaseSpec b) =>
        a.HolderIdentity == b.HolderIdentity && a.RenewTime == b.RenewTime && a.AcquireTime == b.AcquireTime
        && a.LeaseTransitions == b.LeaseTransitions && a.LeaseDurationSeconds == b.LeaseDurationSeconds;

    /// <summary>RFC 3339 with microseconds, the Lease's MicroTime format.</summary>
    public static string MicroTime(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
