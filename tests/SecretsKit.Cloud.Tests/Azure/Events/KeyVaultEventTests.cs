using System.Text;
using SecretsKit.Cloud.Azure.Events;

namespace SecretsKit.Cloud.Tests.Azure.Events;

public sealed class KeyVaultEventTests
{
    private const string EventGridSchema = """
        {"id":"e1","topic":"/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv-prod","subject":"db-password",
         "eventType":"Microsoft.KeyVault.SecretNewVersionCreated","eventTime":"2026-11-25T18:00:00Z",
         "data":{"Id":"https://kv-prod.vault.azure.net/secrets/db-password/0f1e","VaultName":"kv-prod","ObjectType":"Secret","ObjectName":"db-password","Version":"0f1e","NBF":null,"EXP":null},
         "dataVersion":"1","metadataVersion":"1"}
        """;

    private const string CloudEventsSchema = """
        {"id":"e2","source":"/subscriptions/s/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv-prod","specversion":"1.0",
         "type":"Microsoft.KeyVault.CertificateNearExpiry","subject":"tls","time":"2026-11-25T18:00:00Z",
         "data":{"Id":"https://kv-prod.vault.azure.net/certificates/tls/aa","VaultName":"kv-prod","ObjectType":"Certificate","ObjectName":"tls","Version":"aa"}}
        """;

    private static KeyVaultEvent? Parse(string json, out string? reason) => KeyVaultEvent.Parse(Encoding.UTF8.GetBytes(json), out reason);

    [Fact]
    public void An_event_grid_schema_secret_event_names_the_secret()
    {
        var ev = Parse(EventGridSchema, out _)!;

        Assert.Equal("SecretNewVersionCreated", ev.EventType);
        Assert.Equal(["db-password"], ev.StoreKeys());
        Assert.Equal("0f1e", ev.Version);
        Assert.True(ev.IsFor(new Uri("https://KV-PROD.vault.azure.net/")));
    }

    [Fact]
    public void A_cloudevents_schema_certificate_event_is_read_but_names_no_key_the_store_reads()
    {
        var ev = Parse(CloudEventsSchema, out _)!;

        Assert.Equal("CertificateNearExpiry", ev.EventType);
        Assert.Equal("tls", ev.ObjectName);
        Assert.Empty(ev.StoreKeys());
    }

    [Fact]
    public void An_event_for_another_vault_is_not_for_the_store()
    {
        var ev = Parse(EventGridSchema, out _)!;

        Assert.False(ev.IsFor(new Uri("https://kv-staging.vault.azure.net/")));
        Assert.False(ev.IsFor(new Uri("https://kv-prod-2.vault.azure.net/")));
    }

    [Theory]
    [InlineData("nope", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("""{"eventType":"Microsoft.Storage.BlobCreated","data":{}}""", "not a Key Vault event")]
    [InlineData("""{"eventType":"Microsoft.KeyVault.VaultAccessPolicyChanged","data":{"VaultName":"kv-prod"}}""", "not about a secret")]
    [InlineData("""{"eventType":"Microsoft.KeyVault.SecretNewVersionCreated","data":{"ObjectType":"Secret","ObjectName":"../../keys/x","VaultName":"kv-prod"}}""", "no valid ObjectName")]
    [InlineData("""{"eventType":"Microsoft.KeyVault.SecretNewVersionCreated","data":{"ObjectType":"Secret","ObjectName":"a","VaultName":"evil.example.com"}}""", "no valid ObjectName")]
    [InlineData("""{"eventType":"Microsoft.KeyVault.SecretNewVersionCreated","data":"x"}""", "no data object")]
    public void A_malformed_foreign_or_hostile_body_is_refused_with_a_reason(string json, string reasonPart)
    {
        Assert.Null(Parse(json, out var reason));
        Assert.Contains(reasonPart, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_past_the_depth_budget_is_refused()
    {
        Assert.Null(Parse(string.Concat(Enumerable.Repeat("[", 300)), out var reason));
        Assert.Contains("nested too deeply", reason, StringComparison.Ordinal);
    }
}
