using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Providers;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators;

/// <summary>
/// One generator run: its spec, the generator's own name (for messages), the namespace of the ExternalSecret that asked
/// (where every Secret it references is read, as ESO does, also for a ClusterGenerator), and the clients it may use.
/// </summary>
internal sealed record GeneratorCall(JsonObject Spec, string Description, string Namespace, KubernetesClient Kube, ProviderContext Context)
{
    public ReconcileException Fail(string message) => new(Messages.SecretSyncedError, $"{Description}: {message}");

    /// <summary>An integer field of the spec (null when absent); anything else than a whole number is an error.</summary>
    public long? Integer(string field) => Spec[field] switch
    {
        null => null,
        // read from the number's JSON text: a value parsed from the API server and one set in code (an int) alike
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number && v.ToJsonString() is var text =>
            long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
            : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x)
              && x == Math.Floor(x) && Math.Abs(x) < 1e15 ? (long)x
            : throw Fail($"spec.{field} is not an integer"),
        _ => throw Fail($"spec.{field} is not an integer"),
    };

    /// <summary>The raw bytes of one key of a Secret in <see cref="Namespace"/>; <paramref name="field"/> names the spec field for messages.</summary>
    public async Task<byte[]> ReadSecretAsync(JsonNode? selector, string field, CancellationToken ct)
    {
        var name = Json.Str(selector?["name"]);
        var key = Json.Str(selector?["key"]);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(key)) throw Fail($"{field} needs a name and a key");
        if (Json.Str(selector?["namespace"]) is { Length: > 0 } other && other != Namespace)
        {
            throw Fail($"{field} may not reference namespace '{other}'");
        }
        var secret = await Kube.TryGetAsync(ResourceTypes.Secret, Namespace, name, ct)
            ?? throw Fail($"secret {Namespace}/{name} ({field}) not found");
        var b64 = Json.Str(secret["data"]?[key]) ?? throw Fail($"secret {Namespace}/{name} has no key '{key}' ({field})");
        try
        {
            return Convert.FromBase64String(b64);
        }
        catch (FormatException)
        {
            throw Fail($"secret {Namespace}/{name} key '{key}' is not base64 ({field})");
        }
    }

    /// <summary>Every key of a Secret in <see cref="Namespace"/>, decoded.</summary>
    public async Task<IReadOnlyDictionary<string, byte[]>> ReadSecretDataAsync(string? name, string field, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(name)) throw Fail($"{field} needs a name");
        var secret = await Kube.TryGetAsync(ResourceTypes.Secret, Namespace, name, ct) ?? throw Fail($"secret {Namespace}/{name} ({field}) not found");
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in secret["data"] as JsonObject ?? [])
        {
            try
            {
                data[key] = Convert.FromBase64String(Json.Str(value) ?? "");
            }
            catch (FormatException)
            {
                throw Fail($"secret {Namespace}/{name} key '{key}' is not base64 ({field})");
            }
        }
        return data;
    }

    /// <summary>As <see cref="ReadSecretAsync"/>, as UTF-8 text.</summary>
    public async Task<string> ReadSecretTextAsync(JsonNode? selector, string field, CancellationToken ct) =>
        Encoding.UTF8.GetString(await ReadSecretAsync(selector, field, ct));
}
