using System.Text.Json.Nodes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// A Vault store's <c>server</c> is written by whoever writes the store: the agent never connects to a link-local address
/// (the instance metadata services) for it, whatever the name resolves to, so its login and token never go there.
/// </summary>
public sealed class VaultServerAddressTests
{
    [Theory]
    [InlineData("http://169.254.169.254/")]
    [InlineData("http://[fd00:ec2::254]:8200/")]
    [InlineData("http://[::ffff:169.254.170.2]/")]
    public async Task A_vault_store_pointed_at_instance_metadata_is_refused_without_a_connection(string server)
    {
        await using var c = await StartAsync();
        c.Secret("default", "vault-token", new Dictionary<string, string> { ["token"] = "hvs.tenant-token" });
        c.Store("default", "imds", new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = server,
                ["auth"] = new JsonObject { ["tokenSecretRef"] = new JsonObject { ["name"] = "vault-token", ["key"] = "token" } },
            },
        });
        c.ExternalSecret("default", "imds", Spec("imds", data: [("v", "app/db", "password")]));

        await c.PassAsync();

        Assert.Equal("False", c.ReadyStatus("default", "imds"));
        var message = c.ReadyMessage("default", "imds");
        Assert.Contains("link-local address (instance metadata)", message, StringComparison.Ordinal);
        Assert.DoesNotContain("hvs.tenant-token", message, StringComparison.Ordinal);
        Assert.Null(c.TargetSecret("default", "imds"));
    }
}
