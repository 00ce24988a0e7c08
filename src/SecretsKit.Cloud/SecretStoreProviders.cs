using SecretsKit.Cloud.Aws;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Vault;

namespace SecretsKit.Cloud;

/// <summary>
/// The secret-store provider registry shared by the agent (store specs) and deploy (<c>ref+…</c>). A new provider is
/// a folder with an <see cref="ISecretStoreProvider"/> plus one <c>registry.Register(…)</c> line in <see cref="CreateDefault"/>.
/// </summary>
public sealed class SecretStoreProviders
{
    private readonly Dictionary<string, ISecretStoreProvider> _providers = new(StringComparer.Ordinal);

    /// <summary>Every store provider (the agent hands over what some need, its Kubernetes Secrets and template engine, through <see cref="ProviderSpec"/>).</summary>
    public static SecretStoreProviders CreateDefault()
    {
        var registry = new SecretStoreProviders();
        registry.Register(new VaultProvider());
        registry.Register(new AwsProvider());
        registry.Register(new AzureKeyVaultProvider());
        registry.Register(new Gcp.GcpSecretManagerProvider());
        registry.Register(new OnePassword.OnePasswordProvider());
        registry.Register(new Fake.FakeProvider());
        registry.Register(new Kubernetes.KubernetesProvider());
        registry.Register(new Webhook.WebhookProvider());
        return registry;
    }

    public IEnumerable<ISecretStoreProvider> All => _providers.Values;

    public SecretStoreProviders Register(ISecretStoreProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        if (!_providers.TryAdd(provider.Name, provider)) throw new InvalidOperationException($"provider '{provider.Name}' is registered twice");
        return this;
    }

    public ISecretStoreProvider? Find(string name) => _providers.GetValueOrDefault(name);
}
