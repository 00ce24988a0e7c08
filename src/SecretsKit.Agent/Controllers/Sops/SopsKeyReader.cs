using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Age;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// Reads the age identities of <c>spec.decryption.keySecretRef</c> from a Secret in the SopsSecret's own namespace:
/// the named key, or (without one) every <c>*.agekey</c> entry, as Flux does. Messages name the Secret, never its content.
/// </summary>
internal sealed class SopsKeyReader(KubernetesClient kube)
{
    public const string AgeKeySuffix = ".agekey";

    /// <summary>Null when the SopsSecret names no key Secret (cloud key sources only).</summary>
    public async Task<SopsKeyMaterial?> ReadAsync(SopsSecretResource sops, CancellationToken ct)
    {
        if (sops.KeyRef is not { } keyRef) return null;
        var where = $"key Secret {sops.Namespace}/{keyRef.Name}";
        var data = await ReadDataAsync(sops.Namespace, keyRef, where, ct);
        var keys = KeyEntries(data, keyRef, where);
        var source = $"Secret {sops.Namespace}/{keyRef.Name}[{string.Join(",", keys)}]";
        var identities = Decode(data, keys, where);
        return new SopsKeyMaterial(identities, source, CountIdentities(identities, source));
    }

    private async Task<JsonObject> ReadDataAsync(string ns, SopsKeyRef keyRef, string where, CancellationToken ct)
    {
        JsonObject? secret;
        try
        {
            secret = await kube.TryGetAsync(ResourceTypes.Secret, ns, keyRef.Name, ct);
        }
        catch (KubernetesApiException e) when (!ct.IsCancellationRequested)
        {
            throw new ReconcileException(SopsReasons.KeySecretUnreadable, $"cannot read {where}: {e.Message}");
        }
        if (secret is null)
        {
            throw new ReconcileException(SopsReasons.KeySecretNotFound, $"{where} (spec.decryption.keySecretRef) not found");
        }
        return secret["data"] as JsonObject ?? new JsonObject();
    }

    /// <summary>The named entry, or every <c>*.agekey</c> entry in ordinal order.</summary>
    private static List<string> KeyEntries(JsonObject data, SopsKeyRef keyRef, string where)
    {
        if (keyRef.Key is { Length: > 0 } key)
        {
            if (Json.Str(data[key]) is null)
            {
                throw new ReconcileException(SopsReasons.KeySecretNotFound, $"{where} has no key '{key}' (spec.decryption.keySecretRef.key)");
            }
            return [key];
        }
        List<string> keys = [.. data.Select(kv => kv.Key).Where(k => k.EndsWith(AgeKeySuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
        if (keys.Count == 0)
        {
            throw new ReconcileException(SopsReasons.KeySecretNotFound,
                $"{where} has no '*{AgeKeySuffix}' entry (or name one with spec.decryption.keySecretRef.key)");
        }
        return keys;
    }

    private static string Decode(JsonObject data, List<string> keys, string where)
    {
        var text = new StringBuilder();
        foreach (var k in keys)
        {
            try
            {
                text.Append(Encoding.UTF8.GetString(Convert.FromBase64String(Json.Str(data[k]) ?? ""))).Append('\n');
            }
            catch (FormatException)
            {
                throw new ReconcileException(SopsReasons.InvalidKey, $"{where}: data '{k}' is not valid base64");
            }
        }
        return text.ToString();
    }

    private static int CountIdentities(string identities, string source)
    {
        try
        {
            var count = AgeIdentityParser.Parse(identities, source).Count;
            if (count == 0)
            {
                throw new ReconcileException(SopsReasons.InvalidKey, $"{source} holds no age identity (AGE-SECRET-KEY-1… or AGE-SECRET-KEY-PQ-1…)");
            }
            return count;
        }
        catch (AgeException e)
        {
            throw new ReconcileException(SopsReasons.InvalidKey, e.Message);
        }
    }
}
