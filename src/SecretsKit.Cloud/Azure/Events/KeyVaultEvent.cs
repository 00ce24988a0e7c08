using System.Text.Json;
using System.Text.RegularExpressions;

namespace SecretsKit.Cloud.Azure.Events;

/// <summary>
/// A Key Vault event as Event Grid delivers it to a queue, in the Event Grid schema (<c>eventType</c>, <c>subject</c>,
/// <c>data</c>) or the CloudEvents 1.0 schema (<c>type</c>, <c>subject</c>, <c>data</c>): the event type
/// (<c>Microsoft.KeyVault.SecretNewVersionCreated</c>, …), the object (<c>data.ObjectType</c> Secret, Key or
/// Certificate; <c>data.ObjectName</c>, else the subject), the vault name (<c>data.VaultName</c>) and the version.
/// </summary>
public sealed partial record KeyVaultEvent(string EventType, string ObjectType, string ObjectName, string VaultName, string? Version)
{
    private const string Prefix = "Microsoft.KeyVault.";

    /// <summary>
    /// Reads one message body; null with a reason when it is not a Key Vault object event (another service's event,
    /// <c>VaultAccessPolicyChanged</c>, malformed JSON, or names that are not Key Vault names).
    /// </summary>
    public static KeyVaultEvent? Parse(ReadOnlySpan<byte> json, out string? reason)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            return Read(document.RootElement, out reason);
        }
        catch (JsonException)
        {
            reason = "not valid JSON (or nested too deeply)";
            return null;
        }
    }

    private static KeyVaultEvent? Read(JsonElement root, out string? reason)
    {
        reason = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            reason = "not a JSON object";
            return null;
        }
        var eventType = Str(root, "eventType") ?? Str(root, "type");
        if (eventType is null || !eventType.StartsWith(Prefix, StringComparison.Ordinal))
        {
            reason = eventType is null ? "no eventType or type" : "not a Key Vault event";
            return null;
        }
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            reason = "no data object";
            return null;
        }
        var objectType = Str(data, "ObjectType") ?? Str(data, "objectType");
        var name = Str(data, "ObjectName") ?? Str(data, "objectName") ?? Str(root, "subject");
        var vault = Str(data, "VaultName") ?? Str(data, "vaultName");
        if (objectType is not ("Secret" or "Key" or "Certificate"))
        {
            reason = "not about a secret, key or certificate";
            return null;
        }
        if (name is null || !ObjectNamePattern().IsMatch(name) || vault is null || !VaultNamePattern().IsMatch(vault))
        {
            reason = "no valid ObjectName and VaultName";
            return null;
        }
        var version = Str(data, "Version") ?? Str(data, "version");
        return new KeyVaultEvent(eventType[Prefix.Length..], objectType, name, vault.ToLowerInvariant(), version);
    }

    /// <summary>Whether the event is for the vault at <paramref name="vaultUrl"/> (its first host label is the vault name).</summary>
    public bool IsFor(Uri vaultUrl)
    {
        ArgumentNullException.ThrowIfNull(vaultUrl);
        var host = vaultUrl.Host;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return string.Equals(dot < 0 ? host : host[..dot], VaultName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The <c>remoteRef.key</c> an <c>azurekv</c> store reads this object under: a secret's name. Keys and certificates
    /// are not read by the store (it reads secrets only), so their events name no key.
    /// </summary>
    public IReadOnlyList<string> StoreKeys() => ObjectType == "Secret" ? [ObjectName] : [];

    private static string? Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Key Vault object names: 1-127 letters, digits and hyphens.</summary>
    [GeneratedRegex("^[A-Za-z0-9-]{1,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectNamePattern();

    /// <summary>Vault names: 3-24 letters, digits and hyphens, a letter first.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex VaultNamePattern();
}
