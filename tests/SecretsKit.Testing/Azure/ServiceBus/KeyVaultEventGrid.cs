using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Azure.ServiceBus;

/// <summary>Key Vault's events in the Event Grid schema, as a vault's system topic delivers them to a Service Bus queue.</summary>
public static class KeyVaultEventGrid
{
    /// <summary>The event of <paramref name="type"/> (e.g. <c>SecretNewVersionCreated</c>) for secret <paramref name="name"/> of vault <paramref name="vault"/>.</summary>
    public static string SecretEvent(string vault, string name, string type = "SecretNewVersionCreated") => new JsonObject
    {
        ["id"] = Guid.NewGuid().ToString(),
        ["topic"] = $"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/{vault}",
        ["subject"] = name,
        ["eventType"] = "Microsoft.KeyVault." + type,
        ["eventTime"] = "2026-11-25T19:00:00Z",
        ["data"] = new JsonObject
        {
            ["Id"] = $"https://{vault}.vault.azure.net/secrets/{name}/0a1b", ["VaultName"] = vault, ["ObjectType"] = "Secret",
            ["ObjectName"] = name, ["Version"] = "0a1b", ["NBF"] = null, ["EXP"] = null,
        },
        ["dataVersion"] = "1",
        ["metadataVersion"] = "1",
    }.ToJsonString();
}
