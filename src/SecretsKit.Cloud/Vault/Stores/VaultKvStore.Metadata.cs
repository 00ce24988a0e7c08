using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Stores;

namespace SecretsKit.Cloud.Vault.Stores;

/// <summary>
/// <c>metadataPolicy: Fetch</c> on Vault, as ESO v2.9 reads it: <c>GET mount/metadata/path</c> (KV v2 only), then
/// <c>created_time</c>, <c>current_version</c> and <c>delete_version_after</c> and every <c>custom_metadata</c> entry, as text.
/// </summary>
public sealed partial class VaultKvStore : ISecretMetadataReader
{
    private static readonly string[] SystemMetadataKeys = ["created_time", "current_version", "delete_version_after"];

    public async Task<IReadOnlyDictionary<string, string>> GetSecretMetadataAsync(string key, CancellationToken cancellationToken = default)
    {
        if (_version == 1) throw new SecretsKitException(ExitCodes.Generic, "cannot perform metadata fetch operations with kv version v1");
        var response = await _client.ReadAsync($"{_mount}/metadata/{Normalize(key)}", cancellationToken);
        if (response?["data"] is not JsonObject data) throw new SecretsKitException(ExitCodes.Generic, "secret not found");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SystemMetadataKeys)
        {
            if (data[name] is { } value) metadata[name] = GoText(value);
        }
        if (data["custom_metadata"] is JsonObject custom)
        {
            foreach (var (name, value) in custom) metadata[name] = value is null ? "<nil>" : GoText(value);
        }
        return metadata;
    }

    /// <summary>A JSON value as Go's <c>%v</c> prints what Vault's client decoded (strings as they are, numbers as their text).</summary>
    private static string GoText(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.ToJsonString(),
        _ => value.ToJsonString(),
    };
}
