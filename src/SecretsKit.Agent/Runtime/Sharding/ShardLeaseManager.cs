using System.Globalization;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Runtime.Sharding;

/// <summary>
/// Holds this replica's share of the shard Leases (<c>secretskit-agent-shard-&lt;i&gt;</c>), one round per
/// <see cref="TickAsync"/>, with client-go's leader-election rules per Lease: a Lease is free when it is absent, has no
/// holder, or its record has not changed for <see cref="LeaseDuration"/> on this replica's own clock; writes carry the
/// resourceVersion, so two replicas cannot both take one. Each round reads every shard Lease by name (so RBAC can name
/// them), counts the live members (holders of unexpired Leases, replicas asking for a share, and itself), aims at
/// ceil(shards / members), renews what it holds, hands over its surplus (work stops at once, the Lease is emptied one
/// round later, as ReleaseOnCancel) and takes free Leases up to its target. A replica below its fair share with no free
/// Lease left asks for one by annotating a Lease of the busiest holder (<see cref="RequestAnnotation"/>): every member
/// then counts it and the surplus moves to it without anyone waiting for a Lease to expire.
/// </summary>
internal sealed class ShardLeaseManager(KubernetesClient kube, string leaseNamespace, string identity, ShardOwnership ownership, TimeProvider time)
{
    public const string LeasePrefix = "secretskit-agent-shard-";

    /// <summary>"&lt;identity&gt; &lt;unix milliseconds&gt;": a replica that wants a share; counted as a member while younger than the lease duration.</summary>
    public const string RequestAnnotation = "secretskit.io/shard-request";

    private readonly Observed?[] _seen = new Observed?[ownership.Count];
    private readonly HashSet<int> _draining = [];

    /// <summary>How long a record must stay unchanged before another replica may take the Lease (client-go's 15 s).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The shards this replica holds a Lease for after the last round (owned or being handed over).</summary>
    public IReadOnlyCollection<int> Held { get; private set; } = [];

    // shards gained, or owned again after a lapse, since the last TakeGained (kept when a round fails after gaining one)
    private GainedShards _gained = new();

    /// <summary>The shards gained, or owned again after a lapse, since the last call and owned now: their objects are to be queued.</summary>
    public GainedShards TakeGained()
    {
        GainedShards taken;
        lock (_gate)
        {
            (taken, _gained) = (_gained, new GainedShards());
        }
        var owned = new GainedShards();
        foreach (var shard in taken.Shards.Where(ownership.Owns)) owned.Add(shard, taken.WorkedUntil(shard));
        return owned;
    }

    private readonly Lock _gate = new();

    /// <summary>
    /// Notes a shard gained; <paramref name="renewTime"/> is its Lease's renewTime as read before this replica wrote it:
    /// its previous holder (or this replica, before a lapse) worked on it until then, and no later than when this
    /// replica saw that record change (its own clock, so a holder's clock ahead of ours does not count).
    /// </summary>
    private void NoteGained(int shard, string? renewTime)
    {
        DateTimeOffset? until = null;
        if (renewTime is not null
            && DateTimeOffset.TryParse(renewTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var renewed))
        {
            var seen = _seen[shard] is { } observed ? time.GetUtcNow() - time.GetElapsedTime(observed.At) : renewed;
            until = renewed < seen ? renewed : seen;
        }
        ownership.HandedOver(shard, until);
        lock (_gate) _gained.Add(shard, until);
    }

    private static string? RenewTimeOf(JsonObject? lease) => lease?["spec"]?["renewTime"]?.GetValue<string>();

    public static string LeaseName(int shard) => LeasePrefix + shard.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One round: read, renew, hand over, take. Returns whether a shard was gained, or owned again after its ownership
    /// lapsed (its objects are to be queued, see <see cref="TakeGained"/>: work dequeued while it was not owned was dropped).
    /// </summary>
    public async Task<bool> TickAsync(CancellationToken ct)
    {
        var sentAt = time.GetTimestamp();
        var leases = new JsonObject?[ownership.Count];
        for (var i = 0; i < leases.Length; i++)
        {
            leases[i] = await kube.TryGetAsync(ResourceTypes.Lease, leaseNamespace, LeaseName(i), ct);
            Observe(i, leases[i], sentAt);
        }
        var (members, waiting) = Members(leases);
        var target = (ownership.Count + members.Count - 1) / members.Count;
        // a member that holds nothing is waiting: everyone keeps only the floor of the fair share until it has some
        var keep = waiting ? ownership.Count / members.Count : target;
        var mine = new List<int>();
        for (var i = 0; i < leases.Length; i++)
        {
            if (HolderOf(leases[i]) == identity) mine.Add(i);
            else ownership.Lost(i); // another replica holds it (or nobody does): no more work on it
        }
        foreach (var shard in _draining.ToList())
        {
            _draining.Remove(shard);
            if (mine.Remove(shard) && await ReplaceAsync(Released(leases[shard]!), ct) is { } released) Observe(shard, released, sentAt);
        }
        // the surplus stops working now and is released next round, so nothing is in flight on it when another replica takes it
        foreach (var shard in mine.OrderDescending().Take(Math.Max(0, mine.Count - keep)))
        {
            ownership.Lost(shard);
            _draining.Add(shard);
        }
        var regained = false;
        foreach (var shard in mine)
        {
            var renewedBefore = RenewTimeOf(leases[shard]); // RenewAsync writes the Lease in place
            if (!await RenewAsync(shard, leases[shard]!, sentAt, ct)) continue;
            NoteGained(shard, renewedBefore);
            regained = true;
        }
        var gained = await AcquireAsync(leases, target - mine.Count, sentAt, ct);
        Held = [.. mine, .. gained];
        if (Held.Count < ownership.Count / members.Count && gained.Count < target - mine.Count) await RequestShareAsync(leases, target, ct);
        return gained.Count > 0 || regained;
    }

    /// <summary>Stops all work and empties the holder of every Lease this replica holds (shutdown).</summary>
    public async Task ReleaseAllAsync(CancellationToken ct)
    {
        for (var i = 0; i < ownership.Count; i++) ownership.Lost(i);
        foreach (var shard in Held)
        {
            try
            {
                if (await kube.TryGetAsync(ResourceTypes.Lease, leaseNamespace, LeaseName(shard), ct) is { } lease && HolderOf(lease) == identity)
                {
                    await ReplaceAsync(Released(lease), ct);
                }
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException)
            {
                // best effort: the Lease expires by itself
            }
        }
        Held = [];
    }

    /// <summary>Renews a held Lease; true when the shard's ownership had lapsed and is back (its objects are to be queued again).</summary>
    private async Task<bool> RenewAsync(int shard, JsonObject lease, long sentAt, CancellationToken ct)
    {
        var spec = Spec(lease);
        spec["holderIdentity"] = identity;
        spec["leaseDurationSeconds"] = (int)Math.Ceiling(LeaseDuration.TotalSeconds);
        spec["renewTime"] = KubeTime.FormatMicro(time.GetUtcNow());
        if (await ReplaceAsync(lease, ct) is not { } renewed) return false;
        Observe(shard, renewed, sentAt);
        return !_draining.Contains(shard) && ownership.Renewed(shard, sentAt);
    }

    private async Task<List<int>> AcquireAsync(JsonObject?[] leases, int wanted, long sentAt, CancellationToken ct)
    {
        var gained = new List<int>();
        for (var i = 0; i < leases.Length && gained.Count < wanted; i++)
        {
            if (!IsFree(i, leases[i])) continue;
            var renewedBefore = RenewTimeOf(leases[i]); // the previous holder's, before the record is overwritten
            var now = KubeTime.FormatMicro(time.GetUtcNow());
            var lease = leases[i] ?? new JsonObject
            {
                ["apiVersion"] = "coordination.k8s.io/v1",
                ["kind"] = "Lease",
                ["metadata"] = new JsonObject { ["name"] = LeaseName(i), ["namespace"] = leaseNamespace },
            };
            var spec = Spec(lease);
            var transitions = (spec["leaseTransitions"]?.GetValue<int>() ?? -1) + 1;
            lease["spec"] = new JsonObject
            {
                ["holderIdentity"] = identity,
                ["leaseDurationSeconds"] = (int)Math.Ceiling(LeaseDuration.TotalSeconds),
                ["acquireTime"] = now,
                ["renewTime"] = now,
                ["leaseTransitions"] = transitions,
            };
            var written = leases[i] is null ? await CreateAsync(lease, ct) : await ReplaceAsync(lease, ct);
            if (written is null) continue;
            NoteGained(i, renewedBefore);
            Observe(i, written, sentAt);
            ownership.Renewed(i, sentAt);
            gained.Add(i);
        }
        return gained;
    }

    /// <summary>Asks the busiest holder for a share: annotates one of its Leases (at most every third of a lease duration).</summary>
    private async Task RequestShareAsync(JsonObject?[] leases, int target, CancellationToken ct)
    {
        var busiest = leases.OfType<JsonObject>().Where(l => HolderOf(l) is { } h && h != identity)
            .GroupBy(l => HolderOf(l)!).OrderByDescending(g => g.Count()).FirstOrDefault(g => g.Count() > target - 1);
        if (busiest is null) return;
        var lease = busiest.First();
        if (Request(lease) is { } r && r.Identity == identity && time.GetUtcNow() - r.At < LeaseDuration / 3) return;
        lease.SetAnnotation(RequestAnnotation, $"{identity} {time.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}");
        await ReplaceAsync(lease, ct);
    }

    /// <summary>The live members (this replica, holders of unexpired Leases, fresh requesters) and whether a requester holds nothing yet.</summary>
    private (HashSet<string> Members, bool Waiting) Members(JsonObject?[] leases)
    {
        var holders = new HashSet<string>(StringComparer.Ordinal) { identity };
        var requesters = new HashSet<string>(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        for (var i = 0; i < leases.Length; i++)
        {
            if (HolderOf(leases[i]) is { } holder && !Expired(i)) holders.Add(holder);
            if (leases[i] is { } lease && Request(lease) is { } r && now - r.At < LeaseDuration) requesters.Add(r.Identity);
        }
        var waiting = requesters.Any(r => r != identity && !holders.Contains(r));
        holders.UnionWith(requesters);
        return (holders, waiting);
    }

    private bool IsFree(int shard, JsonObject? lease) => lease is null || HolderOf(lease) is null || (HolderOf(lease) != identity && Expired(shard));

    private bool Expired(int shard) => _seen[shard] is { } seen && time.GetElapsedTime(seen.At) > LeaseDuration;

    /// <summary>Remembers when the record last changed, on the local clock (client-go's observedTime).</summary>
    private void Observe(int shard, JsonObject? lease, long now)
    {
        var spec = lease?["spec"];
        var record = $"{spec?["holderIdentity"]}|{spec?["renewTime"]}|{spec?["leaseTransitions"]}";
        if (_seen[shard]?.Record != record) _seen[shard] = new Observed(record, now);
    }

    private JsonObject Released(JsonObject lease)
    {
        var now = KubeTime.FormatMicro(time.GetUtcNow());
        lease["spec"] = new JsonObject
        {
            ["leaseDurationSeconds"] = 1,
            ["acquireTime"] = now,
            ["renewTime"] = now,
            ["leaseTransitions"] = Spec(lease)["leaseTransitions"]?.DeepClone(),
        };
        return lease;
    }

    private async Task<JsonObject?> ReplaceAsync(JsonObject body, CancellationToken ct)
    {
        try
        {
            return await kube.ReplaceAsync(ResourceTypes.Lease, body, ct);
        }
        catch (KubernetesConflictException)
        {
            return null; // someone else wrote it since we read it: look again next round
        }
    }

    private async Task<JsonObject?> CreateAsync(JsonObject lease, CancellationToken ct)
    {
        try
        {
            return await kube.CreateAsync(ResourceTypes.Lease, lease, ct);
        }
        catch (KubernetesAlreadyExistsException)
        {
            return null;
        }
    }

    private static JsonObject Spec(JsonObject lease) => lease["spec"] as JsonObject ?? (JsonObject)(lease["spec"] = new JsonObject());

    private static string? HolderOf(JsonObject? lease) => lease?["spec"]?["holderIdentity"]?.GetValue<string>() is { Length: > 0 } h ? h : null;

    private static (string Identity, DateTimeOffset At)? Request(JsonObject lease)
    {
        var parts = lease.GetAnnotation(RequestAnnotation)?.Split(' ');
        return parts is [var who, var ms] && long.TryParse(ms, NumberStyles.None, CultureInfo.InvariantCulture, out var at)
            ? (who, DateTimeOffset.FromUnixTimeMilliseconds(at))
            : null;
    }

    private sealed record Observed(string Record, long At);
}
