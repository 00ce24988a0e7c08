using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Go.Json;
using SecretsKit.Kubernetes;

namespace SecretsKit.Cloud.Kubernetes.Stores;

/// <summary>
/// The Secrets of one namespace of a (possibly other) cluster, as ESO's <c>kubernetes</c> provider reads them: a key is a
/// Secret name; without a property its value is the JSON object of all its keys (sorted, values as strings), with one
/// the value of that key, or for <c>key.path</c> a JSON path inside that key's value; a map is the Secret's data; find
/// lists by label selector (tags) or name regex, each Secret as its JSON object. Properties are read here, by ESO's rule
/// (<see cref="IPropertyReadingStore"/>): a key named exactly so first, else <c>key.path</c> inside that key's JSON.
/// </summary>
internal sealed partial class KubernetesSecretStore(KubernetesClient client, string ns, bool clusterStore) : IPropertyReadingStore
{
    /// <summary>ESO's <c>utils.JSONMarshal</c>: Go's <c>encoding/json</c> with <c>SetEscapeHTML(false)</c>.</summary>
    private static readonly GoJsonOptions NoHtmlEscaping = new(EscapeHtml: false);

    public string Provider => "kubernetes";

    public async Task<SecretValue> GetSecretAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var data = await ReadAsync(reference.Key, cancellationToken);
        if (reference.Property is not { } property) return new SecretValue(ToJson(data));
        if (data.TryGetValue(property, out var value)) return new SecretValue(value);
        var dot = property.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && dot < property.Length - 1 && data.TryGetValue(property[..dot], out var nested)
            && Select(nested, property[(dot + 1)..]) is { } inner)
        {
            return new SecretValue(inner);
        }
        throw new SecretNotFoundException(Provider, reference.Key, $"property {Core.Errors.Echo.Bounded(property)} does not exist in data of secret \"{reference.Key}\"");
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> GetSecretMapAsync(SecretRef reference, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var data = await ReadAsync(reference.Key, cancellationToken);
        if (reference.Property is not { } property) return data;
        var value = data.GetValueOrDefault(property) ?? throw new SecretNotFoundException(Provider, reference.Key,
            $"property {Core.Errors.Echo.Bounded(property)} does not exist in key {reference.Key}");
        return ProviderValues.ToMap(Provider, reference.Key, value);
    }

    public async Task<IReadOnlyDictionary<string, byte[]>> FindSecretsAsync(SecretQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var selector = query.Tags is { Count: > 0 } tags ? string.Join(',', tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) : null;
        var matches = query.NameFilter();
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        await foreach (var secret in client.ListAllAsync(ResourceTypes.Secret, ns, new ListOptions { LabelSelector = selector }, cancellationToken))
        {
            var name = secret.GetName() ?? "";
            if (!matches(name)) continue;
            if (query.Path is { Length: > 0 } path && !name.StartsWith(path, StringComparison.Ordinal)) continue;
            result[name] = ToJson(Data(secret));
        }
        return result;
    }

    private async Task<Dictionary<string, byte[]>> ReadAsync(string name, CancellationToken ct)
    {
        var secret = await client.TryGetAsync(ResourceTypes.Secret, ns, name, ct) ?? throw new SecretNotFoundException(Provider, $"{ns}/{name}");
        return Data(secret);
    }

    private static Dictionary<string, byte[]> Data(JsonObject secret)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (secret["data"] is JsonObject entries)
        {
            foreach (var (key, value) in entries) data[key] = Convert.FromBase64String(SpecJson.Str(value) ?? "");
        }
        return data;
    }

    /// <summary>The data as ESO writes a <c>map[string]string</c> of it, through Go's JSON writer: keys sorted, no HTML
    /// escaping, each value's bytes as a Go string holds them (invalid UTF-8 as <c>\ufffd</c>).</summary>
    private static byte[] ToJson(Dictionary<string, byte[]> data)
    {
        using var output = new MemoryStream();
        var writer = new GoJsonWriter(output, NoHtmlEscaping);
        writer.WriteStartObject();
        foreach (var (key, value) in GoJsonWriter.SortedKeys(data))
        {
            writer.WritePropertyName(key);
            writer.WriteStringValue(value);
        }
        writer.WriteEndObject();
        writer.Finish();
        return output.ToArray();
    }

    /// <summary>A dotted path inside a JSON value, by <see cref="ProviderValues"/>; null when absent or not JSON.</summary>
    private static byte[]? Select(byte[] json, string path)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var root = document.RootElement;
            return root.ValueKind is JsonValueKind.Object or JsonValueKind.Array && ProviderValues.TrySelect(root, path, out var value)
                ? ProviderValues.Text(value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
