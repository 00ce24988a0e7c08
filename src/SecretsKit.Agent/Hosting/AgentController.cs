using SecretsKit.Agent.Controllers.ChangeEvents;
using SecretsKit.Agent.Controllers.ClusterExternalSecrets;
using SecretsKit.Agent.Controllers.ExternalSecrets;
using SecretsKit.Agent.Controllers.ExternalSecrets.Rollout;
using SecretsKit.Agent.Controllers.GeneratorStates;
using SecretsKit.Agent.Controllers.PushSecrets;
using SecretsKit.Agent.Controllers.Sops;
using SecretsKit.Agent.Controllers.Stores;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Runtime;
using SecretsKit.Agent.Runtime.Scheduling;
using SecretsKit.Agent.Runtime.Sharding;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// The agent's reconcilers and how they run. <see cref="RunAsync"/> (while leading) drives them from watches through a
/// work queue with per-key refresh timers and backoff (<see cref="ControllerSession"/>); <see cref="RunPassAsync"/>
/// visits every object once, fetching what is due (tests, one-shot runs).
/// </summary>
internal sealed class AgentController
{
    private readonly KubernetesClient _kube;
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;
    private readonly AgentMetrics _metrics;

    public AgentController(KubernetesClient kube, AgentOptions options, ProviderFactory providers, AgentMetrics metrics, TimeProvider time,
        ShardOwnership? shards = null)
    {
        _kube = kube;
        _metrics = metrics;
        metrics.Controllers.MaxConcurrentReconciles = Math.Max(1, options.Concurrency);
        Shards = shards;
        _options = options;
        _time = time;
        Throttle = StoreThrottle.From(options, time);
        Reads = new CachedReader(kube);
        var changes = new ChangedKeys();
        ExternalSecrets = new ExternalSecretReconciler(kube, providers, metrics, time, new RolloutRestarter(kube, options, time), Reads)
        {
            Changes = changes,
            RefreshTimeMaxAge = options.RefreshTimeMaxAge,
            GeneratorGcGracePeriod = options.GeneratorGcGracePeriod,
            GenericTargets = options.GenericTargets,
            Owns = shards is null ? null : shards.Admits,
            PreviousHolderWorkedUntil = shards is null ? null : es => shards.PreviousHolderWorkedUntil(ShardKey.Of(ShardKey.For(es), shards.Count)),
        };
        // the ExternalSecrets' metric series are read from their state entries, and go with them
        metrics.ExternalSecrets = () => ExternalSecrets.Entries.All.Select(e => e.Series).OfType<ExternalSecretSeries>();
        Stores = new StoreController(Reads, new StoreStatusReconciler(kube, providers, StoreClaim.From(options), time), options, time);
        ExternalSecretController = new ExternalSecretController(kube, ExternalSecrets, options, Throttle, time, shards);
        Sops = new SopsSecretReconciler(kube, time, vaultAllowlist: options.VaultAllowlist);
        ChangeEvents = new ChangeEventsController(Reads, providers, options, time, changes, shards);
        metrics.ChangeEvents = ChangeEvents.Series;

        // The resource reconcilers, in pass order (stores first, so their Ready condition is current; ClusterExternalSecrets
        // before ExternalSecrets, so the ones they make sync in the same pass).
        // Another resource kind plugs in here: one IResourceController naming its watches.
        Resources =
        [
            Stores,
            new ClusterExternalSecretController(kube, options, time),
            ExternalSecretController,
            new SopsSecretController(Sops, options, time),
            new PushSecretController(kube, Reads, providers, options, time, changes),
            new GeneratorStateController(kube, providers, options, time),
            ChangeEvents,
        ];
    }

    public IReadOnlyList<IResourceController> Resources { get; }

    /// <summary>The shards this replica owns (<c>--shards</c>), else null: everything is this replica's while it leads.</summary>
    public ShardOwnership? Shards { get; }

    /// <summary>The watch-fed caches reconciles read from (filled while <see cref="RunAsync"/> runs).</summary>
    public CachedReader Reads { get; }

    public ExternalSecretReconciler ExternalSecrets { get; }

    public ExternalSecretController ExternalSecretController { get; }

    public StoreController Stores { get; }

    /// <summary>Per-store rate limit and concurrency, shared by every provider call.</summary>
    public StoreThrottle Throttle { get; }

    /// <summary>The watch-driven session while <see cref="RunAsync"/> runs, else null.</summary>
    public ControllerSession? Session { get; private set; }

    /// <summary>Failures inside the session (watch errors, unexpected reconcile errors): names and messages only.</summary>
    public Action<string, Exception>? OnError { get; set; }

    public SopsSecretReconciler Sops { get; }

    /// <summary>Change-event subscriptions of annotated stores (<c>secretskit.io/change-events</c>).</summary>
    public ChangeEventsController ChangeEvents { get; }

    public int Passes { get; private set; }

    public async Task RunPassAsync(CancellationToken ct)
    {
        foreach (var resource in Resources) await resource.ReconcileAllAsync(ct);
        Passes++;
    }

    /// <summary>Watches and reconciles until <paramref name="ct"/> is cancelled (leadership lost or shutdown).</summary>
    public Task RunAsync(CancellationToken ct) => RunAsync(ct, ct);

    /// <summary>
    /// Watches and reconciles until <paramref name="stop"/> is cancelled, then lets the reconciles in flight finish
    /// (<paramref name="abort"/> cancels them).
    /// </summary>
    public async Task RunAsync(CancellationToken stop, CancellationToken abort)
    {
        var session = new ControllerSession(_kube, Resources, _options, _time, OnError, Reads)
        {
            Metrics = _metrics,
            // ExternalSecrets are admitted per object by their controller (the shard comes from the spec); every other kind by shard 0
            // change events: every replica subscribes and refreshes its own shards' ExternalSecrets
            Admits = Shards is { } shards
                ? key => key.Kind == ExternalSecretController.QueueKind || ChangeEventsController.Admitted(key) || shards.AdmitsOtherKinds
                : null,
        };
        Session = session;
        ChangeEvents.Attach(session, stop);
        try
        {
            await session.RunAsync(stop, abort);
        }
        finally
        {
            await ChangeEvents.DetachAsync();
            if (ReferenceEquals(Session, session)) Session = null;
        }
    }
}
