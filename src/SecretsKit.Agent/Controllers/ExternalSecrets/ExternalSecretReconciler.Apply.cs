using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Queue;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.ExternalSecrets;

/// <summary>Apply phase: write the target Secret per creationPolicy / immutable; status; drift repair.</summary>
internal sealed partial class ExternalSecretReconciler
{
    public const string ManagedLabel = SecretLabels.Managed;
    public const string DataHashAnnotation = "reconcile.external-secrets.io/data-hash";

    /// <summary>The ExternalSecret (UID) whose data the Secret holds: drift is judged against its writer, not the hash alone.</summary>
    public const string WrittenByAnnotation = "secretskit.io/written-by";

    private async Task ApplyAsync(ExternalSecretResource es, DesiredSecret desired, CancellationToken ct)
    {
        if (es.Target.Creation == CreationPolicy.None) return;
        EnsureOwned(es);
        try
        {
            try
            {
                await ApplyOnceAsync(es, desired, fromServer: false, ct);
            }
            catch (Kubernetes.Errors.KubernetesConflictException)
            {
                // the cached copy was stale (a write raced its watch event): read the Secret from the server and apply once more
                await ApplyOnceAsync(es, desired, fromServer: true, ct);
            }
        }
        catch (Kubernetes.Errors.KubernetesApiException e)
        {
            // a refused write (422 Invalid, 403, ...) is a write error, not a provider error
            throw new ReconcileException(Messages.SecretSyncedError, Messages.WriteFailed($"{es.Namespace}/{es.Target.Name}", e.Message), e);
        }
    }

    /// <summary>
    /// Refuses a Secret this ExternalSecret may not write, as ESO does for every creationPolicy: one controlled by another
    /// ExternalSecret (<c>ErrSecretIsOwned</c>), and under <c>Owner</c> one controlled by anything else.
    /// </summary>
    private static void EnsureMayWrite(ExternalSecretResource es, JsonObject existing, string what = "secret")
    {
        if (RefusingOwner(es, existing) is { } owner)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"target {what} {es.Namespace}/{es.Target.Name} is owned by {owner.Kind} {owner.Name}");
        }
    }

    /// <summary>The controller that keeps this ExternalSecret from writing <paramref name="existing"/> (see <see cref="EnsureMayWrite"/>), or null.</summary>
    private static OwnerReference? RefusingOwner(ExternalSecretResource es, JsonObject existing) =>
        existing.GetOwnerReferences().FirstOrDefault(o => o.Controller == true) is { } owner && owner.Uid != es.Uid
            && (IsExternalSecret(owner) || es.Target.Creation == CreationPolicy.Owner)
            ? owner : null;

    private static bool IsExternalSecret(OwnerReference owner) =>
        owner.Kind == "ExternalSecret" && owner.ApiVersion.StartsWith("external-secrets.io/", StringComparison.Ordinal);

    /// <summary>Whether this ExternalSecret controls the Secret (its controller ownerReference names this ExternalSecret's UID).</summary>
    private static bool Controls(ExternalSecretResource es, JsonObject secret) =>
        secret.GetOwnerReferences().Any(o => o.Controller == true && o.Uid == es.Uid && IsExternalSecret(o));

    private async Task ApplyOnceAsync(ExternalSecretResource es, DesiredSecret desired, bool fromServer, CancellationToken ct)
    {
        var merge = es.Target.Creation is CreationPolicy.Merge or CreationPolicy.CreateOrMerge;
        // not in the managed-Secret cache: create it, and only if an unmanaged one is there, read that one
        var existing = (fromServer
                ? await kube.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct)
                : await _reads.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, selectedMissIsAbsent: !merge, ct))
            ?? await CreateTargetAsync(es, desired, ct);
        if (existing is null) return;
        if (!fromServer && RefusingOwner(es, existing) is not null)
        {
            // the cache may still hold the Secret of a deleted ExternalSecret of the same name, which the garbage collector
            // removed before its watch event came: only the server's copy can refuse the write
            existing = await kube.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct) ?? await CreateTargetAsync(es, desired, ct);
            if (existing is null) return;
        }
        EnsureMayWrite(es, existing);
        var before = existing.ToJsonString();
        var dataBefore = Json.Map(existing["data"]);
        if (Json.Bool(existing["immutable"]) == true)
        {
            if (existing.GetAnnotation(DataHashAnnotation) == Hash(desired)) return;
            throw new ReconcileException(Messages.SecretSyncedError, $"target secret {es.Namespace}/{es.Target.Name} is immutable and its data would change");
        }
        Fill(existing, es, desired, merge);
        if (existing.ToJsonString() == before) return;
        var replaced = await kube.ReplaceAsync(ResourceTypes.Secret, existing, ct);
        _reads.Written(ResourceTypes.Secret, replaced);
        rollout.SecretReplaced(es, dataBefore, replaced);
    }

    /// <summary>
    /// Creates the target Secret (with its managed label, and its ownerReference only under <c>Owner</c>; <c>CreateOrMerge</c>
    /// creates it as <c>Orphan</c> does); returns null when created, or the Secret that already exists under that name.
    /// </summary>
    private async Task<JsonObject?> CreateTargetAsync(ExternalSecretResource es, DesiredSecret desired, CancellationToken ct)
    {
        if (es.Target.Creation == CreationPolicy.Merge)
        {
            throw new ReconcileException(Messages.SecretSyncedError, $"target secret {es.Namespace}/{es.Target.Name} does not exist (creationPolicy=Merge only updates an existing secret)");
        }
        var created = KubeObjectMetadata.New(ResourceTypes.Secret, es.Target.Name, es.Namespace);
        Fill(created, es, desired, merge: false);
        try
        {
            _reads.Written(ResourceTypes.Secret, await kube.CreateAsync(ResourceTypes.Secret, created, ct));
            return null;
        }
        catch (Kubernetes.Errors.KubernetesAlreadyExistsException)
        {
            return await kube.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct)
                ?? throw new ReconcileException(Messages.SecretSyncedError, $"target secret {es.Namespace}/{es.Target.Name} was deleted while being created");
        }
    }

    private static void Fill(JsonObject secret, ExternalSecretResource es, DesiredSecret desired, bool merge)
    {
        if (!merge)
        {
            secret["type"] = desired.Type;
            secret.SetLabel(ManagedLabel, "true");
            foreach (var (k, v) in desired.Labels) secret.SetLabel(k, v);
            foreach (var (k, v) in desired.Annotations) secret.SetAnnotation(k, v);
            secret.SetAnnotation(DataHashAnnotation, Hash(desired));
            secret.SetAnnotation(WrittenByAnnotation, es.Uid);
            if (es.Target.Immutable) secret["immutable"] = true;
            if (es.Target.Creation == CreationPolicy.Owner)
            {
                secret.SetOwnerReference(new OwnerReference("external-secrets.io/v1", "ExternalSecret", es.Name, es.Uid, true, true));
            }
        }
        if (desired.Finalizers.Count > 0)
        {
            var finalizers = secret.Metadata()["finalizers"] as JsonArray ?? [];
            foreach (var f in desired.Finalizers.Where(f => !finalizers.Any(x => Json.Str(x) == f))) finalizers.Add((JsonNode)JsonValue.Create(f));
            secret.Metadata()["finalizers"] = finalizers;
        }
        var data = merge && secret["data"] is JsonObject current ? current : new JsonObject();
        foreach (var (k, v) in desired.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal)) data[k] = Convert.ToBase64String(v);
        secret["data"] = data;
    }

    internal static string Hash(DesiredSecret desired)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (k, v) in desired.Data.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(k + "\0"));
            sha.AppendData(SHA256.HashData(v));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }

    /// <summary>
    /// deletionPolicy=Delete with no data left: deletes the target only when this ExternalSecret controls it (creationPolicy
    /// Owner and its controller ownerReference), as ESO does; a Secret of anyone else is never deleted.
    /// </summary>
    private async Task DeleteTargetAsync(ExternalSecretResource es, CancellationToken ct)
    {
        var type = es.Target.IsSecret ? ResourceTypes.Secret : ResourceTypes.ConfigMap;
        var found = es.Target.IsSecret
            ? await _reads.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct)
            : await kube.TryGetAsync(ResourceTypes.ConfigMap, es.Namespace, es.Target.Name, ct);
        if (found is not { } live) return;
        if (es.Target.Creation != CreationPolicy.Owner || !Controls(es, live))
        {
            throw new ReconcileException(Messages.SecretSyncedError,
                $"unable to delete {(es.Target.IsSecret ? "secret" : "ConfigMap")} {es.Namespace}/{es.Target.Name}: it is not controlled by this ExternalSecret (creationPolicy={es.Target.Creation})");
        }
        EnsureOwned(es);
        await kube.DeleteAsync(type, es.Namespace, es.Target.Name, new DeleteOptions { PreconditionUid = live.GetUid() }, ct);
        if (es.Target.IsSecret) _reads.Removed(ResourceTypes.Secret, es.Namespace, es.Target.Name);
    }

    /// <summary>
    /// Restores a hand-edited or deleted target Secret from the last synced state, without calling the provider.
    /// Returns null when only a fetch can repair it (the state was resumed from status, so the template's metadata is unknown).
    /// </summary>
    private async Task<ReconcileResult?> RepairDriftAsync(ExternalSecretResource es, ExternalSecretEntry entry, SyncState state, RefreshSchedule schedule, CancellationToken ct)
    {
        var next = ReconcileResult.At(RefreshPolicies.NextFetch(es, state.LastSync, schedule, time.GetUtcNow()));
        // a generic target (ConfigMap) is rewritten at its next refresh, as ESO does; only Secrets are repaired in between
        if (es.Target.Creation is CreationPolicy.None || state.TargetName != es.Target.Name || !es.Target.IsSecret) return next;
        var live = await _reads.TryGetAsync(ResourceTypes.Secret, es.Namespace, es.Target.Name, ct);
        if (live is not null && Matches(live, state.Desired)) return next;
        if (live is null && es.Target.Creation == CreationPolicy.Merge) return next;
        if (state.Resumed) return null;
        try
        {
            await ApplyAsync(es, state.Desired, ct);
            metrics.DriftRepaired();
            return next;
        }
        catch (Exception e) when (e is ReconcileException or Kubernetes.Errors.KubernetesApiException && !ct.IsCancellationRequested)
        {
            await WriteStatusAsync(es, entry, Condition.Ready(Readiness.NotReady, Messages.SecretSyncedError, e.Message), state.LastSync, ct);
            return ReconcileResult.Failed(e);
        }
    }

    /// <summary>Whether a live Secret holds every key of <paramref name="desired"/> with the same value.</summary>
    internal static bool Matches(JsonObject live, DesiredSecret desired)
    {
        var data = live["data"] as JsonObject;
        foreach (var (k, v) in desired.Data)
        {
            if (Json.Str(data?[k]) != Convert.ToBase64String(v)) return false;
        }
        return true;
    }

    private async Task WriteStatusAsync(ExternalSecretResource es, ExternalSecretEntry entry, Condition ready, DateTimeOffset? refreshTime, CancellationToken ct)
    {
        EnsureOwned(es);
        var previous = StatusWriter.Current(es.Raw);
        var condition = _status.Stamp(es.Raw, ready);
        var status = new JsonObject
        {
            ["conditions"] = condition.ToArray(),
            ["refreshTime"] = refreshTime is { } t ? KubeTime.Format(t) : null,
            ["syncedResourceVersion"] = condition.IsTrue ? SyncedResourceVersion.Of(es) : Json.Str(es.Raw["status"]?["syncedResourceVersion"]),
            ["binding"] = new JsonObject { ["name"] = es.Target.Name },
        };
        entry.EnsureSeries().Condition(condition.IsTrue);
        var updated = await _status.WriteAsync(ResourceTypes.ExternalSecret, es.Namespace, es.Name, es.Raw, status,
            (current, next) => SaysTheSame(current, next, RefreshTimeMaxAge), ct);
        if (updated is not null) es.Raw["status"] = updated["status"]?.DeepClone();
        // every failure is reported (repeats aggregate into one Event with a count); successes only when the condition changed
        if (condition.Differs(previous) || !condition.IsTrue)
        {
            var severity = condition.IsTrue ? Kubernetes.Events.EventSeverity.Normal : Kubernetes.Events.EventSeverity.Warning;
            EnsureOwned(es);
            await _events.RecordAsync(es.Raw, severity, condition.Reason, condition.Message, cancellationToken: ct);
        }
    }

    /// <summary>
    /// Whether the current status already holds every field of <paramref name="desired"/> (then no patch is sent). A
    /// <c>refreshTime</c> that is all that changed counts as the same while the written one is younger than
    /// <paramref name="refreshTimeMaxAge"/> (coalescing; the sync age is then read from the metrics).
    /// </summary>
    private static bool SaysTheSame(JsonObject? current, JsonObject desired, TimeSpan refreshTimeMaxAge) =>
        current is not null && desired.All(kv => JsonNode.DeepEquals(current[kv.Key], kv.Value)
            || (kv.Key == "refreshTime" && Younger(Json.Str(current[kv.Key]), Json.Str(kv.Value), refreshTimeMaxAge)));

    private static bool Younger(string? written, string? now, TimeSpan maxAge) =>
        maxAge > TimeSpan.Zero
        && DateTimeOffset.TryParse(written, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var w)
        && DateTimeOffset.TryParse(now, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var n)
        && n >= w && n - w < maxAge;
}
