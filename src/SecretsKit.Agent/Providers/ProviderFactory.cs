using System.Collections.Concurrent;
using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Fake;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// Store spec → <see cref="ISecretStore"/> through the provider registry. Clients are cached per store object version
/// (<see cref="StoreResource.ClientVersion"/>: uid, generation, labels and annotations, not the status the agent writes),
/// so a changed store (or rotated credentials, once the store is touched) gets a fresh client,
/// and per namespace served for a ClusterSecretStore built per namespace (<see cref="StoreScope"/>).
/// A client is created independently of the reconcile that first asks for it (a cancelled caller stops waiting, the
/// creation goes on for the others), and a creation that fails is not kept: the next caller tries again.
/// </summary>
internal sealed class ProviderFactory
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ISecretStore>>> _cache = new(StringComparer.Ordinal);
    private readonly SecretReader _secrets;
    private readonly ProviderContext _context;
    private readonly KubernetesClient _kube;

    public ProviderFactory(KubernetesClient kube, ProviderOptions options)
    {
        _kube = kube;
        _secrets = new SecretReader(kube);
        _context = options.ToContext();
        Registry = SecretStoreProviders.CreateDefault();
        FakeCalls = Registry.All.OfType<FakeProvider>().Single().Calls;
    }

    /// <summary>The reads of the <c>fake</c> provider's stores.</summary>
    public ProviderCallCounter FakeCalls { get; }

    /// <summary>The client settings (endpoints, retries, clock) the providers get; generators that call out use them too.</summary>
    public ProviderContext Context => _context;

    /// <summary>The network providers plus the agent-only <c>fake</c>.</summary>
    public SecretStoreProviders Registry { get; }

    public Task<ISecretStore> GetAsync(StoreResource store, CancellationToken ct)
    {
        var key = $"{store.Uid}@{store.ClientVersion}/{store.ReferentNamespace}";
        var lazy = _cache.GetOrAdd(key, k => new Lazy<Task<ISecretStore>>(() => CreateOrForgetAsync(k, store)));
        return lazy.Value.WaitAsync(ct);
    }

    private async Task<ISecretStore> CreateOrForgetAsync(string key, StoreResource store)
    {
        try
        {
            // not a caller's token: a client must not be built under, or keep, the cancellation of one reconcile
            return await CreateAsync(store, CancellationToken.None);
        }
        catch
        {
            _cache.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>
    /// What a provider client of <paramref name="store"/> is built from: its spec, its credentials reader (Secrets and
    /// ServiceAccount tokens, checked to be the store's to use) and the agent's client settings. Change-event sources
    /// connect with the same, so they use the store's own identity.
    /// </summary>
    public ProviderSpec SpecFor(StoreResource store)
    {
        var serviceAccounts = new KubeServiceAccountTokens(_kube, store, _context.Time);
        serviceAccounts.CheckReferences(store.ProviderSpec, "");
        return new ProviderSpec(store.Name, store.ProviderSpec, new KubeStoreCredentials(_secrets, store), _context)
        {
            MayUseAgentServiceAccount = store.Kind == StoreKind.ClusterSecretStore,
            ServiceAccounts = serviceAccounts,
            StoreKind = store.Kind.ToString(),
            Namespace = store.Kind == StoreKind.SecretStore ? store.Namespace : store.ReferentNamespace,
        };
    }

    /// <summary>
    /// Validates a store for its Ready condition as ESO's store controller does: builds its client and, when the client
    /// can (<see cref="IValidatingStore"/>: Vault logs in, AWS Secrets Manager retrieves its credentials), proves that it
    /// authenticates. A ClusterSecretStore built per namespace has no client of its own (ESO's referent stores: it
    /// skips their validation too), so only its spec is checked.
    /// </summary>
    public async Task ValidateAsync(StoreResource store, CancellationToken ct)
    {
        if (store.ReferentNamespace is null && StoreScope.PerNamespace(store))
        {
            Provider(store);
            return;
        }
        if (await GetAsync(store, ct) is not IValidatingStore validating) return;
        try
        {
            await validating.ValidateAsync(ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && ReconcileFailure.IsKnown(e))
        {
            throw new ReconcileException(Messages.StoreInvalid, Messages.StoreValidationFailed(e.Message), e);
        }
    }

    private async Task<ISecretStore> CreateAsync(StoreResource store, CancellationToken ct)
    {
        var provider = Provider(store);
        var spec = SpecFor(store);
        try
        {
            return await provider.CreateAsync(spec, ct);
        }
        catch (StoreConfigException e)
        {
            throw new ReconcileException(Messages.StoreInvalid, e.Message, e);
        }
    }

    /// <summary>The store's provider, once its spec is readable and uses only supported fields.</summary>
    private ISecretStoreProvider Provider(StoreResource store)
    {
        if (store.Raw.GetUnreadableReason() is { } unreadable) throw new ReconcileException(Messages.InvalidSpec, Messages.Unreadable(store.Kind.ToString(), unreadable));
        if (ProviderValidation.FirstUnsupported(store, Registry) is { } field)
        {
            throw new ReconcileException(Messages.StoreUnsupported, Messages.UnsupportedField(field));
        }
        return Registry.Find(store.ProviderName)
            ?? throw new ReconcileException(Messages.StoreUnsupported, Messages.UnsupportedField("spec.provider." + store.ProviderName));
    }
}
