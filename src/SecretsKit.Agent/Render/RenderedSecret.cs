using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Kubernetes;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Agent.Render;

/// <summary>
/// A Secret (or a ConfigMap of <c>target.manifest</c>) the local pass wrote, as the YAML a user reads (or, with values revealed, applies): name, namespace,
/// labels, annotations, type and data, every value double-quoted (so <c>"true"</c> stays a string). Redacted, each
/// value is its length only and the data-hash annotation is hidden (a hash of a short value can be guessed); the local
/// object's identity (uid, resourceVersion, ownerReferences, the written-by UID) is left out, since it names objects of
/// the render, not of a cluster.
/// </summary>
internal static class RenderedSecret
{
    private const string DataHash = "reconcile.external-secrets.io/data-hash";
    private const string WrittenBy = "secretskit.io/written-by";

    /// <param name="configMap">A ConfigMap an ExternalSecret's <c>target.manifest</c> wrote: plain values, no type.</param>
    public static string Yaml(JsonObject secret, bool reveal, bool configMap = false)
    {
        var yaml = new StringBuilder(configMap ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n" : "apiVersion: v1\nkind: Secret\nmetadata:\n");
        Pair(yaml, 1, "name", secret.GetName() ?? "");
        Pair(yaml, 1, "namespace", secret.GetNamespace() ?? "");
        Map(yaml, "labels", secret.GetLabels());
        Map(yaml, "annotations", secret.GetAnnotations().Where(kv => kv.Key != WrittenBy)
            .ToDictionary(kv => kv.Key, kv => kv.Key == DataHash && !reveal ? "<redacted>" : kv.Value, StringComparer.Ordinal));
        if (!configMap) Pair(yaml, 0, "type", secret["type"]?.GetValue<string>() ?? "Opaque");
        if (secret["immutable"]?.GetValue<bool>() == true) yaml.Append("immutable: true\n");
        var data = (secret["data"] as JsonObject ?? []).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        yaml.Append(data.Count == 0 ? "data: {}\n" : "data:\n");
        foreach (var (key, value) in data)
        {
            var encoded = value?.GetValue<string>() ?? "";
            var length = configMap ? Encoding.UTF8.GetByteCount(encoded) : Convert.FromBase64String(encoded).Length;
            Pair(yaml, 1, key, reveal ? encoded : $"<redacted, {length} bytes>");
        }
        return yaml.ToString();
    }

    private static void Map(StringBuilder yaml, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0) return;
        yaml.Append("  ").Append(name).Append(":\n");
        foreach (var (key, value) in map.OrderBy(kv => kv.Key, StringComparer.Ordinal)) Pair(yaml, 2, key, value);
    }

    /// <summary>A key (plain when it is a Kubernetes key that YAML 1.1 and 1.2 read back as the same string) and its quoted value.</summary>
    private static void Pair(StringBuilder yaml, int depth, string key, string value)
    {
        var plain = key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/') && char.IsAsciiLetter(key[0])
            && YamlScalars.GoYamlV3WritesPlain(key);
        yaml.Append(' ', 2 * depth).Append(plain ? key : GoValues.Quote(key)).Append(": ").Append(GoValues.Quote(value)).Append('\n');
    }
}
