using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Agent.Templates;
using SecretsKit.Cloud.Providers;
using SecretsKit.Cloud.Webhook.Auth;
using SecretsKit.Cloud.Webhook.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Webhook;

/// <summary>
/// ESO's <c>Webhook</c> generator: one request as the webhook provider makes it (<see cref="WebhookCall"/>), templated
/// with <c>secrets[]</c> (each the whole Secret its <c>secretRef.name</c> names, in the ExternalSecret's namespace); the
/// JSON response, after <c>result.jsonPath</c>, must be an object (or a string holding one) whose keys are the keys
/// written (strings raw, other values as JSON). <c>caBundle</c> or <c>caProvider</c> (<see cref="StoreCaBundle"/>) and
/// <c>auth.ntlm</c> (<see cref="WebhookNtlm"/>) are read as a webhook SecretStore of the ExternalSecret's namespace reads
/// them (<see cref="GeneratorProviderSpec"/>): Secrets and ConfigMaps of that namespace only, also for a ClusterGenerator.
/// </summary>
internal sealed class WebhookGenerator : IGenerator
{
    public ResourceType Type { get; } = GeneratorTypes.Namespaced("webhooks", "Webhook");

    public string ClusterSpecKey => "webhookSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var secrets = new Dictionary<string, IReadOnlyDictionary<string, byte[]>>(StringComparer.Ordinal);
        foreach (var entry in Json.Objects(call.Spec["secrets"]))
        {
            var name = Json.Str(entry["name"]) is { Length: > 0 } n ? n : throw call.Fail("spec.secrets[].name is required");
            secrets[name] = await call.ReadSecretDataAsync(Json.Str(entry["secretRef"]?["name"]), $"spec.secrets[{name}].secretRef", ct);
        }
        var provider = GeneratorProviderSpec.For(call, "webhook", call.Spec);
        try
        {
            var roots = await StoreCaBundle.ReadAsync(provider, call.Spec, "", "webhook", ct);
            var ntlm = await WebhookNtlm.ReadAsync(provider, call.Description, ct);
            using var webhook = new WebhookCall(call.Spec, call.Description, EsoStoreTemplates.Instance, roots, ntlm);
            var (raw, escaped) = WebhookTemplateData.Build(null, secrets);
            var body = await webhook.SendAsync(raw, escaped, call.Description, ct);
            return WebhookCall.ToMap(body, Json.Str(call.Spec["result"]?["jsonPath"]), call.Description);
        }
        catch (StoreConfigException e)
        {
            throw new ReconcileException(Messages.SecretSyncedError, e.Message);
        }
        catch (SecretNotFoundException)
        {
            throw call.Fail("endpoint gave error 404 Not Found");
        }
        catch (SecretsKitException e)
        {
            throw new ReconcileException(Messages.SecretSyncedError, e.Message);
        }
    }
}
