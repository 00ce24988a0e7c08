using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Status;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Keys;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Events;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// Reconciles SopsSecrets (<c>secretskit.io/v1alpha1</c>): decrypts when the generation changes or the refresh interval
/// (plus a stable jitter) has passed, writes the target Secret, and reports a Ready condition with an Event on change.
/// Any failure keeps the existing Secret; spec-determined failures wait for a new generation, others are retried after
/// <see cref="RetryDelay"/>. Between decrypts a hand-edited or deleted target Secret is restored from memory.
/// </summary>
internal sealed partial class SopsSecretReconciler
{
    /// <summary>Wait before retrying a failure that may heal by itself (key Secret created, key service reachable).</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    private readonly KubernetesClient _kube;
    private readonly TimeProvider _time;
    private readonly SopsKeyReader _keys;
    private readonly SopsSecretDecryptor _decryptor;
    private readonly EventRecorder _events;
    private readonly StatusWriter _status;
    private readonly ConcurrentDictionary<string, SopsSyncState> _state = new(StringComparer.Ordinal);
    private int _decrypts;

    /// <summary>Cloud key calls retry once and give up sooner than the CLI's: the agent retries on its own schedule.</summary>
    public static CloudKeyOptions DefaultCloudOptions { get; } = new() { MaxRetries = 1, RequestTimeout = TimeSpan.FromSeconds(15) };

    /// <param name="cloudContext">Environment for the cloud key sources (KMS, Key Vault, Vault transit); default: the agent's process.</param>
    /// <param name="cloudOptions">Retry and transport knobs of the cloud key sources; default <see cref="DefaultCloudOptions"/>.</param>
    /// <param name="vaultAllowlist">The only Vault addresses an <c>hc_vault</c> key may name (<see cref="VaultAllowlist"/>); default none.</param>
    public SopsSecretReconciler(KubernetesClient kube, TimeProvider time, KeySourceContext? cloudContext = null, CloudKeyOptions? cloudOptions = null,
        IReadOnlyList<string>? vaultAllowlist = null)
    {
        _kube = kube;
        _time = time;
        _keys = new SopsKeyReader(kube);
        var context = cloudContext ?? KeySourceContext.System with { Time = time };
        context = context with { Environment = VaultAllowlist.Apply(context.Environment, VaultAllowlist.ToVariable(vaultAllowlist ?? [])) };
        _decryptor = new SopsSecretDecryptor(time, context, cloudOptions ?? DefaultCloudOptions);
        _events = new EventRecorder(kube, "secretskit-agent", time: time);
        _status = new StatusWriter(kube, time);
    }

    /// <summary>Number of decrypt attempts so far (each may call a key service).</summary>
    public int Decrypts => _decrypts;

    public bool TryGetState(string key, out SopsSyncState? state) => _state.TryGetValue(key, out state);

    /// <summary>Visits every SopsSecret in scope (null = all namespaces). A cluster without the CRD is skipped quietly.</summary>
    public async Task ReconcileAllAsync(string? ns, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var items = new List<SopsSecretResource>();
        try
        {
            await foreach (var obj in _kube.ListAllAsync(ResourceTypes.SopsSecret, ns, cancellationToken: ct))
            {
                if (!obj.IsBeingDeleted()) items.Add(SopsSecretResource.Parse(obj));
            }
        }
        catch (KubernetesNotFoundException)
        {
            return;
        }
        foreach (var sops in items)
        {
            seen.Add(sops.Key);
            try
            {
                await ReconcileAsync(sops, ct);
            }
            catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
            {
                // The object went away or the API server is busy (or the failure is on the object): the next pass tries again.
            }
        }
        foreach (var key in _state.Keys)
        {
            if (!seen.Contains(key)) _state.TryRemove(key, out _);
        }
    }

    /// <summary>
    /// Reconciles one SopsSecret by name (for watch-driven callers) and says when it is due again: null = only when it
    /// changes. A deleted object is forgotten.
    /// </summary>
    public async Task<TimeSpan?> ReconcileOneAsync(string ns, string name, CancellationToken ct)
    {
        var obj = await _kube.TryGetAsync(ResourceTypes.SopsSecret, ns, name, ct);
        if (obj is null || obj.IsBeingDeleted())
        {
            _state.TryRemove($"{ns}/{name}", out _);
            return null;
        }
        var sops = SopsSecretResource.Parse(obj);
        await ReconcileAsync(sops, ct);
        return _state.TryGetValue(sops.Key, out var state) && NextDue(sops, state) is { } due
            ? TimeSpan.FromTicks(Math.Max(0, (due - _time.GetUtcNow()).Ticks))
            : null;
    }

    public async Task ReconcileAsync(SopsSecretResource sops, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        _state.TryGetValue(sops.Key, out var state);
        if (!IsDue(sops, state, now))
        {
            if (state is { Succeeded: true, Desired: { } desired }) await RepairDriftAsync(sops, state.TargetName, desired, ct);
            return;
        }
        var lastDecrypted = state?.Uid == sops.Uid ? state.LastDecrypted : null;
        try
        {
            if (sops.Problem is { } problem) throw new ReconcileException(SopsReasons.UnsupportedField, problem.Message);
            var keys = await _keys.ReadAsync(sops, ct);
            Interlocked.Increment(ref _decrypts);
            var result = await _decryptor.DecryptAsync(sops, keys, ct);
            var written = await ApplyAsync(sops, result, ct);
            _state[sops.Key] = new SopsSyncState(sops.Uid, sops.Generation, now, now, true, false, sops.Target.Name, result);
            await WriteStatusAsync(sops, Condition.Ready(Readiness.Ready, SopsReasons.Decrypted, SuccessMessage(sops, result)), now, secretWritten: written, ct);
        }
        catch (ReconcileException e)
        {
            _state[sops.Key] = new SopsSyncState(sops.Uid, sops.Generation, now, lastDecrypted, false, SopsReasons.IsPermanent(e.Reason), sops.Target.Name, null);
            await WriteStatusAsync(sops, Condition.Ready(Readiness.NotReady, e.Reason, e.Message), lastDecrypted, secretWritten: false, ct);
        }
        catch (Exception e) when (ReconcileFailure.IsReported(e, ct))
        {
            // any other failure, an unexpected one included, ends in the status too, and is retried (with backoff) by the caller
            _state[sops.Key] = new SopsSyncState(sops.Uid, sops.Generation, now, lastDecrypted, false, false, sops.Target.Name, null);
            await WriteStatusAsync(sops, Condition.Ready(Readiness.NotReady, SopsReasons.DecryptionFailed, ReconcileFailure.Message(e)), lastDecrypted, secretWritten: false, ct);
            throw;
        }
    }

    /// <summary>New object or generation: now; otherwise when <see cref="NextDue"/> says.</summary>
    internal static bool IsDue(SopsSecretResource sops, SopsSyncState? state, DateTimeOffset now)
    {
        if (state is null || state.Uid != sops.Uid || state.Generation != sops.Generation) return true;
        return NextDue(sops, state) is { } due && now >= due;
    }

    /// <summary>Failed: <see cref="RetryDelay"/> later unless permanent (null). Done: interval + jitter later ("0" = null, never).</summary>
    internal static DateTimeOffset? NextDue(SopsSecretResource sops, SopsSyncState state)
    {
        if (!state.Succeeded) return state.Permanent ? null : state.Attempted + RetryDelay;
        var interval = sops.RefreshInterval;
        return interval > TimeSpan.Zero ? state.Attempted + interval + RefreshPolicies.Jitter(sops.Key, interval) : null;
    }

    private static string SuccessMessage(SopsSecretResource sops, SopsDecryptResult result) =>
        (sops.Target.Creation == CreationPolicy.None
            ? $"decrypted {result.Data.Count} keys (creationPolicy=None: no Secret written)"
            : $"decrypted {result.Data.Count} keys into Secret {sops.Namespace}/{sops.Target.Name}")
        + (result.SopsRefusal is { } refusal ? $"; warning: spec.sops: {refusal}" : "");

    /// <summary>Ready condition, <c>observedGeneration</c> and <c>lastDecryptedTime</c>; an Event when the condition changed or the Secret was written.</summary>
    private async Task WriteStatusAsync(SopsSecretResource sops, Condition ready, DateTimeOffset? lastDecrypted, bool secretWritten, CancellationToken ct)
    {
        var previous = StatusWriter.Current(sops.Raw);
        var condition = _status.Stamp(sops.Raw, ready with { ObservedGeneration = sops.Generation });
        var status = new JsonObject { ["conditions"] = condition.ToArray(), ["observedGeneration"] = sops.Generation };
        if (lastDecrypted is { } t) status["lastDecryptedTime"] = KubeTime.Format(t);
        var updated = await _status.WriteAsync(ResourceTypes.SopsSecret, sops.Namespace, sops.Name, sops.Raw, status, skipWhen: null, ct);
        sops.Raw["status"] = updated?["status"]?.DeepClone();
        if (condition.Differs(previous) || secretWritten)
        {
            await _events.RecordAsync(sops.Raw, condition.IsTrue ? EventSeverity.Normal : EventSeverity.Warning, condition.Reason, condition.Message, cancellationToken: ct);
        }
    }
}
