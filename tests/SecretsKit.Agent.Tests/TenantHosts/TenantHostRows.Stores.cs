using System.Text.Json.Nodes;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Kubernetes;
using static SecretsKit.Agent.Tests.AgentCluster;

namespace SecretsKit.Agent.Tests.TenantHosts;

/// <summary>Every secret store whose spec names a host, each a namespaced SecretStore as a tenant would write it.</summary>
internal static partial class TenantHostRows
{
    /// <summary>The SecretStore <c>store</c> with <paramref name="provider"/>, and the ExternalSecret <c>es</c> reading <c>key</c> from it.</summary>
    private static void Stored(AgentCluster c, string provider, JsonObject spec)
    {
        c.Store(Ns, "store", new JsonObject { [provider] = spec });
        c.ExternalSecret(Ns, "es", Spec("store", data: [("value", "key", null)]));
    }

    private static readonly TenantHostRow[] StoreRows =
    [
        new("vault", (c, h) =>
        {
            c.Secret(Ns, "vault-token", new Dictionary<string, string> { ["token"] = "hvs.tenant" });
            Stored(c, "vault", new JsonObject { ["server"] = h.Url(), ["auth"] = new JsonObject { ["tokenSecretRef"] = SecretRef("vault-token") } });
        }, "answered more than 16 MiB", 16 << 20),
        new("kubernetes", (c, h) =>
        {
            c.Secret(Ns, "remote-cred", new Dictionary<string, string> { ["token"] = "remote-token" });
            Stored(c, "kubernetes", new JsonObject
            {
                ["server"] = new JsonObject { ["url"] = h.Url() },
                ["auth"] = new JsonObject { ["token"] = new JsonObject { ["bearerToken"] = SecretRef("remote-cred") } },
            });
        }, "answered more than 32 MiB", 32 << 20),
        new("webhook", (c, h) => Stored(c, "webhook", new JsonObject
        {
            ["url"] = h.Url() + "/secrets/{{ .remoteRef.key }}", ["result"] = new JsonObject { ["jsonPath"] = "$" },
        }), OneMiB, 1 << 20),
        new("onepassword", (c, h) =>
        {
            c.Secret(Ns, "op-token", new Dictionary<string, string> { ["token"] = "op-connect-token" });
            Stored(c, "onepassword", new JsonObject
            {
                ["connectHost"] = h.Url(), ["vaults"] = new JsonObject { ["prod"] = 1 },
                ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["connectTokenSecretRef"] = SecretRef("op-token") } },
            });
        }, "larger than 4 MiB", 4 << 20),
        // https only: the metadata case runs on the agent's own transport; the hostile servers' certificate is the test CA's,
        // so there the store's vault transport is TenantHttp's handler trusting that CA (the provider builds the same one with the system's roots)
        new("azurekv", (c, h) =>
        {
            c.Secret(Ns, "sp", new Dictionary<string, string> { ["id"] = "kv-reader", ["secret"] = "sp-secret" });
            Stored(c, "azurekv", new JsonObject
            {
                ["vaultUrl"] = h.Url("https://169.254.169.254"), ["tenantId"] = "0f1e2d3c-secretskit-tenant", ["authType"] = "ServicePrincipal",
                ["authSecretRef"] = new JsonObject { ["clientId"] = SecretRef("sp", "id"), ["clientSecret"] = SecretRef("sp", "secret") },
            });
        }, "answered more than 4 MiB", AzureKeyVaultSecretStore.MaxTenantResponseBytes)
        {
            Tls = true,
            PrepareAsync = h =>
            {
                h.Options = h.Options with
                {
                    Azure = new CloudKeyOptions
                    {
                        MaxRetries = 0,
                        HttpHandler = h.Hostile is null ? null
                            : TenantHttp.CreateHandler(TenantHostPolicy.LinkLocalRefused, AzureKeyVaultSecretStore.MaxTenantResponseBytes, h.TrustingTls()),
                    },
                };
                return Task.CompletedTask;
            },
        },
        // a SecretStore's token URL may not reach loopback: the operator allows the hostile server's address by name
        new("gcpsm", (c, h) =>
        {
            var url = h.Url() + "/token";
            c.Server.Create(FakeResourceType.ConfigMap, Ns, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = "cred-config", ["namespace"] = Ns },
                ["data"] = new JsonObject { ["credentials.json"] = CredConfig(url).ToJsonString() },
            });
            Stored(c, "gcpsm", new JsonObject
            {
                ["projectID"] = "secretskit-prod",
                ["auth"] = new JsonObject
                {
                    ["workloadIdentityFederation"] = new JsonObject
                    {
                        ["credConfig"] = new JsonObject { ["name"] = "cred-config", ["key"] = "credentials.json", ["namespace"] = Ns },
                        ["externalTokenEndpoint"] = url,
                    },
                },
            });
        }, "answered more than 1 MiB", 1 << 20)
        {
            PrepareAsync = h =>
            {
                if (h.Hostile is not null) h.Options = h.Options with { Gcp = new GcpEndpoints { ExternalTokenHosts = ["127.0.0.1"] } };
                return Task.CompletedTask;
            },
        },
    ];

    private static JsonObject CredConfig(string url) => new()
    {
        ["type"] = "external_account",
        ["audience"] = "//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/oidc/providers/idp",
        ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
        ["token_url"] = "https://sts.googleapis.com/v1/token",
        ["credential_source"] = new JsonObject { ["url"] = url },
    };

    /// <summary>Every row, generators then stores.</summary>
    public static IReadOnlyList<TenantHostRow> All => [.. GeneratorRows, .. StoreRows];

    public static TenantHostRow Find(string name) => All.Single(r => r.Name == name);
}
