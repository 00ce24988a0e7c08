using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Generators;

/// <summary>
/// A provider section embedded in a generator's spec (<c>VaultDynamicSecret.spec.provider</c>) as the provider of a
/// SecretStore in the ExternalSecret's namespace, which is how ESO builds its client: Secrets and ServiceAccounts of
/// that namespace only, never the agent's own identity, the same for a ClusterGenerator. Its fields are checked as a
/// store's are, so an unsupported one is named instead of being ignored.
/// </summary>
internal static class GeneratorProviderSpec
{
    public static ProviderSpec For(GeneratorCall call, string providerName, JsonObject provider)
    {
        var store = Store(call, providerName, provider);
        if (ProviderValidation.FirstUnsupported(store) is { } field)
        {
            throw new ReconcileException(Messages.UnsupportedFieldReason, $"{call.Description}: {Messages.UnsupportedField(field)}");
        }
        var serviceAccounts = new KubeServiceAccountTokens(call.Kube, store, call.Context.Time);
        serviceAccounts.CheckReferences(store.ProviderSpec, "");
        return new ProviderSpec(call.Description, store.ProviderSpec, new KubeStoreCredentials(new SecretReader(call.Kube), store), call.Context)
        {
            MayUseAgentServiceAccount = false,
            ServiceAccounts = serviceAccounts,
        };
    }

    /// <summary>Tokens of ServiceAccounts of the ExternalSecret's namespace only (<c>serviceAccountRef</c> of a generator).</summary>
    public static KubeServiceAccountTokens ServiceAccounts(GeneratorCall call) =>
        new(call.Kube, Store(call, "generator", new JsonObject()), call.Context.Time);

    private static StoreResource Store(GeneratorCall call, string providerName, JsonObject provider) => StoreResource.Parse(new JsonObject
    {
        ["kind"] = "SecretStore",
        ["metadata"] = new JsonObject { ["name"] = call.Description, ["namespace"] = call.Namespace },
        ["spec"] = new JsonObject { ["provider"] = new JsonObject { [providerName] = provider.DeepClone() } },
    });
}
