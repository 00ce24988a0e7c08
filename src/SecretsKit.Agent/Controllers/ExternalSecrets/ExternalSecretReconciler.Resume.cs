using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>Resume phase: after a restart or leader handover, trust a fresh status instead of fetching everything again.</summary>
internal sealed partial class ExternalSecretReconciler
{
    /// <summary>
    /// Rebuilds the sync state of an ExternalSecret this process has not synced yet, from its status and target Secret:
    /// only when Ready=True, <c>syncedResourceVersion</c> matches the current spec and metadata, <c>refreshTime</c> is set,
    /// and the target Secret still carries the data-hash the agent wrote. Otherwise null (fetch as usual).
    /// </summary>
    private async Task<SyncState?> ResumeAsync(ExternalSecretResource es, ExternalSecretEntry entry, CancellationToken ct)
    {
        if (FreshStatus(es) is not { } refreshed) return null;
        refreshed = Trusted(refreshed, PreviousHolderWorkedUntil?.Invoke(es));
        var empty = new Dictionary<string, string>();
        if (es.Target.Creation == CreationPolicy.None)
        {
            return new SyncState(refreshed, es.Generation, es.ForceSync, entry.Shared(es.Target.Name), new DesiredSecret("Opaque", empty, empty, new Dictionary<string, byte[]>()), Resumed: true);
        }
        var live = await _reads.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct);
        if (live is null || LiveData(live) is not { } data) return null;
        if (es.Target.Creation is not (CreationPolicy.Merge or CreationPolicy.CreateOrMerge) && !HoldsWrittenData(live, es.Uid)) return null;
        return new SyncState(refreshed, es.Generation, es.ForceSync, entry.Shared(es.Target.Name), new DesiredSecret(Json.Str(live["type"]) ?? "Opaque", empty, empty, data), Resumed: true);
    }

    /// <summary>When the status says the ExternalSecret was last synced: Ready=True, at its current spec and metadata, with a refreshTime; else null.</summary>
    private static DateTimeOffset? FreshStatus(ExternalSecretResource es)
    {
        if (es.Raw["status"] is not JsonObject status) return null;
        if (Condition.Find(status) is not { IsTrue: true }) return null;
        if (Json.Str(status["syncedResourceVersion"]) != SyncedResourceVersion.Of(es)) return null;
        return DateTimeOffset.TryParse(Json.Str(status["refreshTime"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var refreshed)
            ? refreshed : null;
    }

    /// <summary>
    /// How far behind its refresh slots a holder may run and still count as having refreshed everything of a shard up
    /// to the time it last worked on it (<see cref="ResumableUntil"/>).
    /// </summary>
    internal static readonly TimeSpan HandoverLag = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Sharding: until when the previous holder of the ExternalSecret's shard worked on it (<see cref="ResumableUntil"/>),
    /// so that a reconcile that resumes it (a drift event, or a first list that came before the Secret cache had synced)
    /// trusts the same refresh as the gain did. Null = not sharded.
    /// </summary>
    public Func<ExternalSecretResource, DateTimeOffset?>? PreviousHolderWorkedUntil { get; init; }

    /// <summary>The last refresh a resumed object counts as having had: its refreshTime, or the previous holder's last work less the lag.</summary>
    private static DateTimeOffset Trusted(DateTimeOffset refreshed, DateTimeOffset? previousHolderWorkedUntil) =>
        previousHolderWorkedUntil is { } until && until - HandoverLag > refreshed ? until - HandoverLag : refreshed;

    /// <summary>
    /// For an ExternalSecret of a shard this replica just gained, read from the caches only: until when a reconcile would
    /// resume it from its status and find nothing to do (the checks of <c>ResumeAsync</c>, the target Secret from the
    /// watch cache), i.e. its next refresh. Null when it would not (sync it now), or when only a spec change makes it due.
    /// <para>
    /// The status's <c>refreshTime</c> is rewritten only when the data changed or it is <c>--refresh-time-max-age</c>
    /// old, so it may be older than the last refresh. When the shard's previous holder is known to have worked on it
    /// until <paramref name="previousHolderWorkedUntil"/> (its Lease's last renewal), an ExternalSecret that is Ready and
    /// holds its data counts as refreshed at every slot boundary up to that time less <see cref="HandoverLag"/>, as that
    /// holder refreshed it on them; a refresh whose boundary came later (the takeover's gap) is due at once.
    /// </para>
    /// </summary>
    internal DateTimeOffset? ResumableUntil(ExternalSecretResource es, DateTimeOffset? previousHolderWorkedUntil = null)
    {
        if (FreshStatus(es) is not { } refreshed) return null;
        if (RefreshPolicies.NextFetch(es, Trusted(refreshed, previousHolderWorkedUntil), RefreshSchedule.For(es)) is not { } due) return null;
        if (es.Target.Creation == CreationPolicy.None) return due;
        if (_reads.TryGetCached(ResourceTypes.Secret, es.Namespace, es.Target.Name) is not { } live || LiveData(live) is null) return null;
        return es.Target.Creation is CreationPolicy.Merge or CreationPolicy.CreateOrMerge || HoldsWrittenData(live, es.Uid) ? due : null;
    }

    /// <summary>
    /// For an ExternalSecret this process holds no sync state of (a restart, a leader or shard handover): whether its
    /// status says it was last synced at another spec or metadata than now (<c>syncedResourceVersion</c>, as ESO
    /// compares it). Its next fetch is then a renewal, never a value this process fetched earlier in the key's slot for
    /// another object: the spec changed while another replica, or none, owned it.
    /// </summary>
    private static bool SyncedAtAnotherVersion(ExternalSecretResource es) =>
        Json.Str(es.Raw["status"]?["syncedResourceVersion"]) is { Length: > 0 } synced && synced != SyncedResourceVersion.Of(es);

    /// <summary>
    /// Whether a Secret's data is still what the ExternalSecret with <paramref name="writerUid"/> wrote: it names that
    /// writer and its data-hash annotation matches its data. An edit of the data, a Secret the agent never wrote, or one
    /// last written by another ExternalSecret fails this check.
    /// </summary>
    internal static bool HoldsWrittenData(JsonObject live, string writerUid) =>
        live.GetAnnotation(WrittenByAnnotation) == writerUid
        && live.GetAnnotation(DataHashAnnotation) is { } annotated && LiveData(live) is { } data
        && annotated == Hash(new DesiredSecret("", new Dictionary<string, string>(), new Dictionary<string, string>(), data));

    private static Dictionary<string, byte[]>? LiveData(JsonObject live)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (k, v) in live["data"] as JsonObject ?? [])
        {
            if (Json.Str(v) is not { } b64) continue;
            try
            {
                data[k] = Convert.FromBase64String(b64);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return data;
    }
}
