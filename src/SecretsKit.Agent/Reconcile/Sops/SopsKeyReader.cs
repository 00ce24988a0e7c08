using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Common;
using SecretsKit.Agent.Resources;
using SecretsKit.Core.Age;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Agent.Reconcile.Sops;

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
        var ns = sops.Namespace;
        JsonObject? secret;
        try
        {
            secret = await kube.TryGetAsync(ResourceTypes.Secret, ns, keyRef.Name, ct);
        }
        catch (KubernetesApiException e) when (!ct.IsCancellationRequested)
        {
            throw new ReconcileException(SopsReasons.KeySecretUnreadable, $"cannot read key Secret {ns}/{keyRef.Name}: {e.Message}");
        }
        if (secret is null)
        {
            throw new ReconcileException(SopsReasons.KeySecretNotFound, $"key Secret {ns}/{keyRef.Name} (spec.decryption.keySecretRef) not found");
        }
        var data = secret["data"] as JsonObject ?? new JsonObject();
        List<string> keys;
        if (keyRef.Key is { Length: > 0 } key)
        {
            if (Json.Str(data[key]) is null)
            {
                throw new ReconcileException(SopsReasons.KeySecretNotFound, $"key Secret {ns}/{keyRef.Name} has no key '{key}' (spec.decryption.keySecretRef.key)");
            }
            keys = [key];
        }
        else
        {
            keys = [.. data.Select(kv => kv.Key).Where(k => k.EndsWith(AgeKeySuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
            if (keys.Count == 0)
            {
                throw new ReconcileException(SopsReasons.KeySecretNotFound,
                    $"key Secret {ns}/{keyRef.Name} has no '*{AgeKeySuffix}' entry (or name one with spec.decryption.keySecretRef.key)");
            }
        }
        var source = $"Secret {ns}/{keyRef.Name}[{string.Join(",", keys)}]";
        var text = new StringBuilder();
        foreach (var k in keys)
        {
            try
            {
                text.Append(Encoding.UTF8.GetString(Convert.FromBase64String(Json.Str(data[k]) ?? ""))).Append('\n');
            }
            catch (FormatException)
            {
                throw new ReconcileException(SopsReasons.InvalidKey, $"key Secret {ns}/{keyRef.Name}: data '{k}' is not valid base64");
            }
        }
        var identities = text.ToString();
        int count;
        try
        {
            var unsupported = new List<string>();
            count = AgeIdentityParser.Parse(identities, source, unsupported).Count;
            if (count == 0)
            {
                var why = unsupported.Count > 0 ? $": {string.Join("; ", unsupported)}" : "";
                throw new ReconcileException(SopsReasons.InvalidKey, $"{source} holds no age identity (AGE-SECRET-KEY-1…){why}");
            }
        }
        catch (AgeException e)
        {
            throw new ReconcileException(SopsReasons.InvalidKey, e.Message);
        }
        return new SopsKeyMaterial(identities, source, count);
    }
}
