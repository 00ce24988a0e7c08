using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Webhook.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Webhook.Stores;

/// <summary>
/// A webhook store: a key is one request (its <c>remoteRef</c> in the templates); without <c>result.jsonPath</c> the
/// value is the response body, with it the selected value as ESO extracts it (strings raw, numbers and booleans as text,
/// the first element of an array, objects as JSON). Find is not offered by ESO's webhook provider.
/// </summary>
internal sealed partial class WebhookSecretStore(WebhookCall call, JsonObject spec, IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> secrets) : ISecretStore
{
    public string Provider => "webhook";

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var remoteRef = ReadRef(reference.Key, reference.Property);
        remoteRef["version"] = reference.Version ?? "";
        var (raw, escaped) = WebhookTemplateData.Build(remoteRef, secrets);
        var body = await call.SendAsync(raw, escaped, reference.Key, cancellationToken);
        var path = SpecJson.Str(spec["result"]?["jsonPath"]) is { Length: > 0 } p ? Render(p, raw) : "";
        if (path.Length == 0) return new SecretValue(body);
        var owner = "webhook";
        return new SecretValue(Extract(WebhookCall.Select(WebhookCall.Parse(body, owner), path, owner)));
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        var value = await GetSecretAsync(reference, cancellationToken);
        return ProviderValues.ToMap(Provider, reference.Key, value.Value);
    }

    public Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default) =>
        throw new SecretsKitException(ExitCodes.Generic, "webhook: find is not supported by the webhook provider");

    private string Render(string template, IReadOnlyDictionary<string, object?> data)
    {
        try
        {
            return call.Templates.Render(template, data, "result.jsonPath");
        }
        catch (StoreTemplateException e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"webhook: failed to parse result.jsonPath: {e.Message}");
        }
    }

    private static byte[] Extract(JsonNode? node) => node switch
    {
        null => [],
        JsonArray { Count: 0 } => throw new SecretsKitException(ExitCodes.Generic, "webhook: filter worked but didn't get any result"),
        JsonArray a => Extract(a[0]),
        JsonObject o => Encoding.UTF8.GetBytes(o.ToJsonString()),
        JsonValue v when v.TryGetValue<bool>(out var b) => Encoding.ASCII.GetBytes(b ? "true" : "false"),
        JsonValue v when v.TryGetValue<double>(out var d) => Encoding.ASCII.GetBytes(Math.Round(d, MidpointRounding.ToEven).ToString("F0", CultureInfo.InvariantCulture)),
        _ => WebhookCall.Value(node),
    };
}
