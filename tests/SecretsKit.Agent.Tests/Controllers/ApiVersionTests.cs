using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Testing.Vault;
using static SecretsKit.Agent.Tests.Controllers.Sops.SopsTestKit;

namespace SecretsKit.Agent.Tests.Controllers;

/// <summary>
/// The chart's CRDs serve ESO's <c>v1beta1</c> next to <c>v1</c> (v1 storage, conversion None), and the fake API server
/// serves exactly those versions: the guides' v1beta1 manifests, applied unchanged, sync as their v1 twins do.
/// </summary>
public sealed class ApiVersionTests
{
    private const string Store = """
        apiVersion: external-secrets.io/VERSION
        kind: ClusterSecretStore
        metadata:
          name: vault-backend
        spec:
          provider:
            vault:
              server: "SERVER"
              path: "secret"
              version: "v2"
              auth:
                tokenSecretRef:
                  name: "vault-token"
                  key: "token"
                  namespace: "external-secrets"
        """;

    private const string ExternalSecret = """
        apiVersion: external-secrets.io/VERSION
        kind: ExternalSecret
        metadata:
          name: api-secrets
          namespace: production
        spec:
          refreshInterval: 1h
          secretStoreRef:
            name: vault-backend
            kind: ClusterSecretStore
          target:
            name: api-secrets
            creationPolicy: Owner
          data:
            - secretKey: database-password
              remoteRef:
                key: production/api
                property: database_password
            - secretKey: api-key
              remoteRef:
                key: production/api
                property: api_key
        """;

    [Theory]
    [InlineData("v1beta1")]
    [InlineData("v1")]
    public async Task The_guides_external_secret_syncs_from_vault_in_either_version(string version)
    {
        await using var vault = await FakeVaultServer.StartAsync();
        await using var c = await AgentCluster.StartAsync(providerOptions: new ProviderOptions());
        vault.Kv2Put("secret", "production/api", new Dictionary<string, string> { ["database_password"] = "db-pw-41", ["api_key"] = "key-93" });
        c.Namespace("external-secrets");
        c.Namespace("production");
        c.Secret("external-secrets", "vault-token", new Dictionary<string, string> { ["token"] = vault.RootToken });
        using var http = new HttpClient { BaseAddress = c.Server.BaseAddress };

        using var store = await http.PostAsJsonAsync($"/apis/external-secrets.io/{version}/clustersecretstores",
            Manifest(Store, version, vault.BaseAddress.ToString()));
        using var es = await http.PostAsJsonAsync($"/apis/external-secrets.io/{version}/namespaces/production/externalsecrets",
            Manifest(ExternalSecret, version, ""));
        Assert.Equal(201, (int)store.StatusCode);
        Assert.Equal(201, (int)es.StatusCode);
        Assert.Equal(version == "v1beta1", es.Headers.TryGetValues("Warning", out var warnings)
            && warnings.Any(w => w.Contains("v1beta1 ExternalSecret is deprecated", StringComparison.Ordinal)));

        await c.PassAsync();

        Assert.Equal("db-pw-41", c.Value("production", "api-secrets", "database-password"));
        Assert.Equal("key-93", c.Value("production", "api-secrets", "api-key"));
        var read = (await http.GetFromJsonAsync<JsonObject>($"/apis/external-secrets.io/{version}/namespaces/production/externalsecrets/api-secrets"))!;
        Assert.Equal($"external-secrets.io/{version}", read["apiVersion"]!.GetValue<string>());
        Assert.Equal("True", read["status"]!["conditions"]![0]!["status"]!.GetValue<string>());
        Assert.Empty(c.Server.UnknownFields);
    }

    [Fact]
    public async Task The_fake_serves_exactly_the_versions_the_chart_crds_declare()
    {
        await using var c = await AgentCluster.StartAsync();
        using var http = new HttpClient { BaseAddress = c.Server.BaseAddress };

        var group = (await http.GetFromJsonAsync<JsonObject>("/apis/external-secrets.io"))!;
        Assert.Equal(["v1", "v1alpha1", "v1beta1"], group["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        Assert.Equal("v1", group["preferredVersion"]!["version"]!.GetValue<string>());
        foreach (var path in new[] { "/apis/external-secrets.io/v1alpha1/externalsecrets", "/apis/secretskit.io/v1/sopssecrets" })
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(404, (int)response.StatusCode);
        }
        using var list = await http.GetAsync("/apis/external-secrets.io/v1beta1/secretstores");
        Assert.Equal(200, (int)list.StatusCode);
    }

    private static JsonObject Manifest(string yaml, string version, string server) =>
        ManifestToJson(yaml.Replace("VERSION", version, StringComparison.Ordinal).Replace("SERVER", server, StringComparison.Ordinal));
}
