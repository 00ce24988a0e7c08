using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Webhook.Auth;
using SecretsKit.Cloud.Webhook.Http;
using SecretsKit.Cloud.Webhook.Stores;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Webhook;

/// <summary>
/// ESO's generic <c>webhook</c> provider: <c>url</c>, <c>method</c>, <c>headers</c>, <c>body</c> templated with
/// <c>remoteRef</c> and <c>secrets[]</c> (each the whole Secret its <c>secretRef</c> names, under the namespace rules of
/// every store credential, read through <see cref="IStoreCredentials.ReadAllAsync"/>; in the agent, a ClusterSecretStore's
/// reference without a namespace is read in the namespace served), <c>result.jsonPath</c>, <c>timeout</c>, <c>caBundle</c> or <c>caProvider</c>
/// (<see cref="StoreCaBundle"/>), <c>auth.ntlm</c> (<see cref="WebhookNtlm"/>). See <see cref="WebhookCall"/> for how the host
/// is pinned. The templates render with the runner's engine (<see cref="ProviderContext.Templates"/>): in the agent, ESO's
/// functions.
/// </summary>
internal sealed class WebhookProvider : ISecretStoreProvider
{
    public string Name => "webhook";

    public IReadOnlyList<string> Fields { get; } =
        ["url", "method", "headers", "body", "timeout", "result", "result.jsonPath", "secrets", "caBundle", "caProvider",
            "auth", "auth.ntlm", "auth.ntlm.usernameSecret", "auth.ntlm.passwordSecret"];

    public IReadOnlyList<RefScheme> RefSchemes => [];

    public string? UnsupportedValue(JsonObject spec) => StoreCaBundle.UnsupportedType(spec, "");

    public async Task<ISecretStore> CreateAsync(ProviderSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var secrets = new Dictionary<string, IReadOnlyDictionary<string, byte[]>>(StringComparer.Ordinal);
        foreach (var entry in SpecJson.Objects(spec.Spec["secrets"]))
        {
            var name = SpecJson.Str(entry["name"]) is { Length: > 0 } n ? n : throw new StoreConfigException($"store {spec.StoreName}: webhook: secrets[].name is required");
            secrets[name] = await spec.Credentials.ReadAllAsync(entry["secretRef"], $"secrets[{name}].secretRef", cancellationToken);
        }
#pragma warning disable CA2000 // the call (and its HttpClient) is owned by the returned store and lives as long as it
        var owner = $"store {spec.StoreName}: webhook";
        var roots = await StoreCaBundle.ReadAsync(spec, spec.Spec, "", "webhook", cancellationToken);
        var ntlm = await WebhookNtlm.ReadAsync(spec, owner, cancellationToken);
        return new WebhookSecretStore(new WebhookCall(spec.Spec, owner, spec.Context.Templates, roots, ntlm), spec.Spec, secrets);
#pragma warning restore CA2000
    }
}
