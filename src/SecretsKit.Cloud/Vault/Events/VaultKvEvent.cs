using System.Text.Json;

namespace SecretsKit.Cloud.Vault.Events;

/// <summary>
/// One KV change announced on Vault's event stream: the event type (<c>kv-v2/data-write</c>, <c>kv-v1/write</c>, …),
/// the mount it happened on (from <c>plugin_info.mount_path</c>, or null when the server left it out), the path Vault
/// reported (<c>data_path</c> when present, else <c>path</c>, e.g. <c>secret/data/app/db</c>) and the new
/// <c>current_version</c> when the event carries one.
/// </summary>
public sealed record VaultKvEvent(string EventType, string? Mount, string Path, string? Version)
{
    /// <summary>Ceiling on JSON nesting in one event; Vault's own events are four levels deep.</summary>
    private const int MaxDepth = 16;

    /// <summary>The KV v2 path segments that follow the mount (<c>data/</c>, <c>metadata/</c>, …) and name the same secret.</summary>
    private static readonly string[] Kv2Segments = ["data/", "metadata/", "delete/", "destroy/", "undelete/"];

    /// <summary>
    /// Reads one JSON frame (CloudEvents envelope, <c>data.event.metadata</c>); null with a reason when the frame is not a
    /// KV event (another plugin's event, malformed JSON, missing path, a path with empty, <c>.</c> or <c>..</c> segments or
    /// control characters). Accepts Vault's snake_case and protobuf's camelCase field names.
    /// </summary>
    public static VaultKvEvent? Parse(ReadOnlySpan<byte> json, out string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
            return Read(document.RootElement, out reason);
        }
        catch (JsonException)
        {
            reason = "not valid JSON (or nested too deeply)";
            return null;
        }
    }

    private static VaultKvEvent? Read(JsonElement root, out string? reason)
    {
        reason = null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            reason = "no data object";
            return null;
        }
        var eventType = Str(data, "event_type", "eventType");
        if (eventType is null || !eventType.StartsWith("kv-v", StringComparison.Ordinal))
        {
            reason = eventType is null ? "no event_type" : "not a KV event";
            return null;
        }
        if (!data.TryGetProperty("event", out var ev) || ev.ValueKind != JsonValueKind.Object
            || !ev.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            reason = "no event.metadata object";
            return null;
        }
        var path = Str(metadata, "data_path", "dataPath") ?? Str(metadata, "path", "path");
        if (path is null || !IsCleanPath(path.Trim('/')))
        {
            reason = path is null ? "no path in the event metadata" : "an unusable path in the event metadata";
            return null;
        }
        string? mount = null;
        if (data.TryGetProperty("plugin_info", out var plugin) || data.TryGetProperty("pluginInfo", out plugin))
        {
            mount = plugin.ValueKind == JsonValueKind.Object ? Str(plugin, "mount_path", "mountPath")?.Trim('/') : null;
            if (mount is not null && !IsCleanPath(mount))
            {
                reason = "an unusable mount_path";
                return null;
            }
        }
        var version = Str(metadata, "current_version", "currentVersion");
        return new VaultKvEvent(eventType, mount, path.Trim('/'), version);
    }

    /// <summary>
    /// The secret this event is about, relative to <paramref name="mount"/> (a store's <c>path</c>) on a KV engine of
    /// <paramref name="kvVersion"/>: <c>secret/data/app/db</c> is <c>app/db</c> on mount <c>secret</c> v2. Null when the
    /// event is for another mount or another KV version.
    /// </summary>
    public string? KeyIn(string mount, int kvVersion)
    {
        mount = mount.Trim('/');
        if (!EventType.StartsWith(kvVersion == 2 ? "kv-v2/" : "kv-v1/", StringComparison.Ordinal)) return null;
        if (Mount is not null && Mount != mount) return null;
        if (!Path.StartsWith(mount + "/", StringComparison.Ordinal)) return null;
        var rest = Path[(mount.Length + 1)..];
        if (kvVersion == 2)
        {
            var segment = Array.Find(Kv2Segments, s => rest.StartsWith(s, StringComparison.Ordinal));
            if (segment is null) return null;
            rest = rest[segment.Length..];
        }
        return rest.Length == 0 ? null : rest;
    }

    private static bool IsCleanPath(string path) =>
        path.Length is > 0 and <= 1024
        && !path.Any(char.IsControl)
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != "..");

    private static string? Str(JsonElement obj, string name, string altName) =>
        (obj.TryGetProperty(name, out var v) || obj.TryGetProperty(altName, out v)) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
