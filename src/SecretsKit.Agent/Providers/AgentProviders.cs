using SecretsKit.Agent.Metrics;
using SecretsKit.Agent.Providers.Fake;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Providers;

/// <summary>The agent's provider registry: the shared network providers plus the agent-only ones.</summary>
internal static class AgentProviders
{
    public static SecretStoreProviders Create(ProviderCallCounter fakeCalls) =>
        SecretStoreProviders.CreateDefault()
            .Register(new FakeProvider(fakeCalls))
            .Register(new Kubernetes.KubernetesProvider())
            .Register(new OnePassword.OnePasswordProvider())
            .Register(new Webhook.WebhookProvider());
}
