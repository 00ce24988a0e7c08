namespace SecretsKit.Agent.Model;

/// <summary>Agent settings: controller class, watch scope, concurrency, retry and provider rate limits, rollout restart.</summary>
internal sealed record AgentOptions
{
    /// <summary>The class in <c>spec.controller</c> of the stores this agent serves (<c>--controller-class</c>).</summary>
    public string ControllerClass { get; init; } = "secretskit";

    /// <summary>
    /// Also serve stores without <c>spec.controller</c> (<c>--claim-stores-without-controller</c>, default true, as ESO).
    /// False beside ESO: only <c>spec.controller: <see cref="ControllerClass"/></c> stores. The rule: <see cref="StoreClaim"/>.
    /// </summary>
    public bool ClaimStoresWithoutController { get; init; } = true;

    /// <summary>Namespace to watch; null = all namespaces.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// Serve ClusterSecretStores (<c>--enable-cluster-store-reconciler</c>, default true). When false the agent never lists,
    /// watches or gets them (nor reads Namespaces for their conditions), as a namespace-scoped install without a
    /// ClusterRole needs; an ExternalSecret naming one fails with a message saying so.
    /// </summary>
    public bool ClusterStoreReconciler { get; init; } = true;

    /// <summary>
    /// Shards the work is split into across replicas, each held through a Lease (<c>--shards</c>); 0 = not sharded: one
    /// leader elected on the leader Lease does all the work.
    /// </summary>
    public int Shards { get; init; }

    /// <summary>Reconcile workers (never two on the same object).</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>How often the host renews its leader Lease (and, when it is not leader, tries to take it).</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay after a failed reconcile; doubles per consecutive failure (with jitter).</summary>
    public TimeSpan BackoffInitial { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest retry delay after failures.</summary>
    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Provider calls per second per store (token bucket); 0 = unlimited.</summary>
    public double StoreRateLimit { get; init; } = 10;

    /// <summary>Calls a store may make at once after being idle (the bucket size).</summary>
    public int StoreRateBurst { get; init; } = 100;

    /// <summary>Provider calls in flight per store; 0 = unlimited.</summary>
    public int StoreConcurrency { get; init; } = 4;

    /// <summary>Kubernetes API requests per second (<c>--client-qps</c>, as ESO's; 0 = unlimited). A 429 is retried after its Retry-After.</summary>
    public double ClientQps { get; init; } = 50;

    /// <summary>Kubernetes API requests the agent may send at once after being idle (<c>--client-burst</c>).</summary>
    public int ClientBurst { get; init; } = 100;

    /// <summary>How often a Ready store is validated again (ESO's <c>--store-requeue-interval</c>).</summary>
    public TimeSpan StoreRequeueInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An unchanged refresh patches <c>status.refreshTime</c> only when the written one is at least this old
    /// (<c>--refresh-time-max-age</c>, default 1h; zero = on every refresh). The real sync age is the
    /// <c>secretskit_externalsecret_sync_age_seconds</c> metric.
    /// </summary>
    public TimeSpan RefreshTimeMaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a replaced GeneratorState is kept before the agent deletes it and cleans up what it records (a Grafana
    /// token revoked): ESO's <c>--generator-gc-grace-period</c>, default 2m.
    /// </summary>
    public TimeSpan GeneratorGcGracePeriod { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the watch-fed caches hand every cached object to the handlers again (client-go's resync; no API request).</summary>
    public TimeSpan? CacheResyncPeriod { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Reconciles after which an idle queue triggers one compacting full collection (<see cref="BurstCompaction"/>);
    /// 0 = never.
    /// </summary>
    public long IdleCompactionReconciles { get; init; } = 1000;

    /// <summary>Shortest time between two such compactions.</summary>
    public TimeSpan IdleCompactionInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Reconciles of a queue that stays busy after which one compacting full collection runs anyway; 0 = never.</summary>
    public long BusyCompactionReconciles { get; init; } = 1000;

    /// <summary>Shortest time between two compactions while the queue is busy.</summary>
    public TimeSpan BusyCompactionInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest sleep of the timer loop before it re-reads the clock.</summary>
    public TimeSpan SchedulerResolution { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Roll Deployments/StatefulSets that read a target Secret whose data changed, for every ExternalSecret (<c>--rollout-restart</c>).</summary>
    public bool RolloutRestart { get; init; }

    /// <summary>Secret changes in a namespace within this window cause one restart per workload (<c>--rollout-restart-window</c>).</summary>
    public TimeSpan RolloutRestartWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The Vault addresses a SopsSecret's <c>hc_vault</c> keys may name, as <c>scheme://host:port/</c> (<c>--vault-allowlist</c>);
    /// empty = none: the agent's Vault token goes to no address a tenant's document picks.
    /// </summary>
    public IReadOnlyList<string> VaultAllowlist { get; init; } = [];

    /// <summary>The first pause before a change-event subscription is tried again after a failure (doubled per failure, jittered).</summary>
    public TimeSpan ChangeEventsRetryInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest pause between attempts of a failed change-event subscription.</summary>
    public TimeSpan ChangeEventsRetryMax { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The kinds the agent can write as an ExternalSecret's <c>target.manifest</c> (ESO's generic targets).</summary>
    public static readonly IReadOnlyList<string> WritableGenericTargets = ["ConfigMap"];

    /// <summary>The generic targets allowed when the operator says nothing (<c>--generic-targets</c>).</summary>
    public static readonly IReadOnlyList<string> DefaultGenericTargets = ["ConfigMap"];

    /// <summary>
    /// The kinds an ExternalSecret's <c>target.manifest</c> may name (<c>--generic-targets</c>, default ConfigMap; empty =
    /// Secrets only). Any other kind is refused on the ExternalSecret.
    /// </summary>
    public IReadOnlyList<string> GenericTargets { get; init; } = DefaultGenericTargets;
}
