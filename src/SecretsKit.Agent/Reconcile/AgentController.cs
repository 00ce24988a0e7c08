using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Providers;
using SecretsKit.Agent.Reconcile.ExternalSecrets;
using SecretsKit.Agent.Reconcile.Rollout;
using SecretsKit.Agent.Reconcile.Sops;
using SecretsKit.Agent.Reconcile.Stores;
using SecretsKit.Agent.Resources;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Reconcile;

/// <summary>
/// Runs reconcile passes: every ExternalSecret in scope is visited; those due fetch through one shared
/// <see cref="FetchCache"/> (so each remote key is fetched once per pass), the rest get drift repair only.
/// </summary>
internal sealed class AgentController(KubernetesClient kube, AgentOptions options, ProviderFactory providers, AgentMetrics metrics, TimeProvider time)
{
    private readonly ExternalSecretReconciler _externalSecrets = new(kube, providers, metrics, time, new RolloutRestarter(kube, options, time));
    private readonly StoreStatusReconciler _stores = new(kube, providers, options.ControllerClass);
    private readonly SopsSecretReconciler _sops = new(kube, time);

    public ExternalSecretReconciler ExternalSecrets => _externalSecrets;

    public SopsSecretReconciler Sops => _sops;

    public int Passes { get; private set; }

    public async Task RunPassAsync(CancellationToken ct)
    {
        var resolver = new StoreResolver(kube, options.ControllerClass);
        var cache = new FetchCache();
        await _stores.ReconcileAllAsync(options.Namespace, ct);
        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var tasks = new List<Task>();
        await foreach (var obj in kube.ListAllAsync(ResourceTypes.ExternalSecret, options.Namespace, cancellationToken: ct))
        {
            var es = ExternalSecretResource.Parse(obj);
            await gate.WaitAsync(ct);
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    await _externalSecrets.ReconcileAsync(es, resolver, cache, ct);
                }
                finally
                {
                    gate.Release();
                }
            }, ct));
        }
        await Task.WhenAll(tasks);
        await _sops.ReconcileAllAsync(options.Namespace, ct);
        await _externalSecrets.Rollout.FlushAsync(ct);
        Passes++;
    }
}
