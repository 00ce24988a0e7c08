using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Azure.ServiceBus;

public sealed partial class FakeServiceBusServer
{
    /// <summary>
    /// A SecretStore <c>azure</c> in <paramref name="ns"/> reading the vault <paramref name="vaultUrl"/> of tenant
    /// <paramref name="tenantId"/> as the service principal in the Secret <c>azure-sp</c> (<c>clientId</c>,
    /// <c>clientSecret</c>), annotated <c>secretskit.io/change-events: <paramref name="changeEvents"/></c>: the store the
    /// Service Bus change-event tests and bench subscribe with.
    /// </summary>
    public static JsonObject KeyVaultStore(string ns, string vaultUrl, string tenantId, string changeEvents) => new()
    {
        ["apiVersion"] = "external-secrets.io/v1",
        ["kind"] = "SecretStore",
        ["metadata"] = new JsonObject
        {
            ["name"] = "azure", ["namespace"] = ns,
            ["annotations"] = new JsonObject { ["secretskit.io/change-events"] = changeEvents },
        },
        ["spec"] = new JsonObject
        {
            ["provider"] = new JsonObject
            {
                ["azurekv"] = new JsonObject
                {
                    ["vaultUrl"] = vaultUrl, ["tenantId"] = tenantId, ["authType"] = "ServicePrincipal",
                    ["authSecretRef"] = new JsonObject
                    {
                        ["clientId"] = new JsonObject { ["name"] = "azure-sp", ["key"] = "clientId" },
                        ["clientSecret"] = new JsonObject { ["name"] = "azure-sp", ["key"] = "clientSecret" },
                    },
                },
            },
        },
    };
}
