using SecretsKit.Cloud;

namespace SecretsKit.Agent.Providers;

/// <summary>
/// The agent's provider registry: every provider of <see cref="SecretStoreProviders.CreateDefault"/> plus the two that
/// need the agent's Kubernetes client and template engine (<c>kubernetes</c>, <c>webhook</c>).
/// </summary>
internal static class AgentProviders
{
    public static SecretStoreProviders Create() =>
        SecretStoreProviders.CreateDefault()
            .Register(new Kubernetes.KubernetesProvider())
            .Register(new Webhook.WebhookProvider());
}
