using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Azure;
using static SecretsKit.Agent.Tests.Generators.GeneratorTests;

namespace SecretsKit.Agent.Tests.TenantHosts;

/// <summary>Every generator whose spec names a host, each set up as a tenant would write it.</summary>
internal static partial class TenantHostRows
{
    private const string Ns = TenantHostCase.Namespace;
    private const string OneMiB = "larger than 1 MiB";

    private static JsonObject SecretRef(string name, string key = "token") => new() { ["name"] = name, ["key"] = key };

    /// <summary>A generator <paramref name="kind"/> named <c>gen</c> with <paramref name="spec"/>, and the ExternalSecret <c>es</c> using it.</summary>
    private static void Generated(AgentCluster c, string kind, JsonObject spec)
    {
        Generator(c, kind, Ns, "gen", spec);
        c.ExternalSecret(Ns, "es", GeneratorSpec((kind, "gen")));
    }

    private static readonly TenantHostRow[] GeneratorRows =
    [
        new("GithubAccessToken", (c, h) =>
        {
            using var key = RSA.Create(2048);
            c.Secret(Ns, "github-app", new Dictionary<string, string> { ["key.pem"] = key.ExportRSAPrivateKeyPem() });
            Generated(c, "GithubAccessToken", new JsonObject
            {
                ["url"] = h.Url(), ["appID"] = "123", ["installID"] = "456",
                ["auth"] = new JsonObject { ["privateKey"] = new JsonObject { ["secretRef"] = SecretRef("github-app", "key.pem") } },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes),
        new("GitlabDeployToken", (c, h) =>
        {
            c.Secret(Ns, "gitlab-api", new Dictionary<string, string> { ["token"] = "glpat-tenant" });
            Generated(c, "GitlabDeployToken", new JsonObject
            {
                ["url"] = h.Url(), ["projectID"] = "7", ["name"] = "ci", ["scopes"] = new JsonArray("read_registry"),
                ["auth"] = new JsonObject { ["token"] = new JsonObject { ["secretRef"] = SecretRef("gitlab-api") } },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes),
        new("Grafana", (c, h) =>
        {
            c.Secret(Ns, "grafana-admin", new Dictionary<string, string> { ["token"] = "glsa_tenant" });
            Generated(c, "Grafana", new JsonObject
            {
                ["url"] = h.Url(), ["auth"] = new JsonObject { ["token"] = SecretRef("grafana-admin") },
                ["serviceAccount"] = new JsonObject { ["name"] = "ci", ["role"] = "Viewer" },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes),
        new("CloudsmithAccessToken", (c, h) =>
        {
            c.Server.ServiceAccount(Ns, "puller");
            Generated(c, "CloudsmithAccessToken", new JsonObject
            {
                ["apiUrl"] = h.Url(), ["orgSlug"] = "acme", ["serviceSlug"] = "ci",
                ["serviceAccountRef"] = new JsonObject { ["name"] = "puller", ["audiences"] = new JsonArray("https://api.cloudsmith.io") },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes),
        new("BeyondtrustWorkloadCredentialsDynamicSecret", (c, h) =>
        {
            c.Secret(Ns, "bt-token", new Dictionary<string, string> { ["token"] = "bt-api-key" });
            Generated(c, "BeyondtrustWorkloadCredentialsDynamicSecret", new JsonObject
            {
                ["provider"] = new JsonObject
                {
                    ["folderPath"] = "production/aws/temp",
                    ["auth"] = new JsonObject { ["apikey"] = new JsonObject { ["token"] = SecretRef("bt-token") } },
                    ["server"] = new JsonObject { ["apiUrl"] = h.Url("https://169.254.169.254/latest"), ["siteId"] = "a1b2c3d4-e5f6-4890-abcd-ef1234567890" },
                    ["caBundle"] = h.CaBundle,
                },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes) { Tls = true },
        // the spec names a host for https only: the hostile server is reached as the agent's Quay endpoint (the operator's override)
        new("QuayAccessToken", (c, h) =>
        {
            c.Server.ServiceAccount(Ns, "puller");
            Generated(c, "QuayAccessToken", new JsonObject
            {
                ["robotAccount"] = "acme+ci", ["url"] = h.Hostile is null ? "169.254.169.254" : "quay.example.com",
                ["serviceAccountRef"] = new JsonObject { ["name"] = "puller", ["audiences"] = new JsonArray("quay.example.com") },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes)
        {
            PrepareAsync = h =>
            {
                if (h.Hostile is not null) h.Options = h.Options with { AwsEndpoints = new Dictionary<string, Uri> { ["Quay"] = h.Hostile.BaseAddress } };
                return Task.CompletedTask;
            },
        },
        // as Quay: the registry is an https host, the hostile server the agent's ACR endpoint; the directory token comes from the Entra ID fake
        new("ACRAccessToken", (c, h) =>
        {
            c.Secret(Ns, "sp", new Dictionary<string, string> { ["id"] = "acr-pusher", ["secret"] = "sp-secret" });
            Generated(c, "ACRAccessToken", new JsonObject
            {
                ["registry"] = h.Hostile is null ? "169.254.169.254" : "secretskit.azurecr.io", ["tenantId"] = "0f1e2d3c-secretskit-tenant",
                ["auth"] = new JsonObject
                {
                    ["servicePrincipal"] = new JsonObject { ["secretRef"] = new JsonObject { ["clientId"] = SecretRef("sp", "id"), ["clientSecret"] = SecretRef("sp", "secret") } },
                },
            });
        }, OneMiB, TenantHostCall.MaxResponseBytes) { PrepareAsync = AzureDirectoryAsync },
        new("VaultDynamicSecret", (c, h) =>
        {
            c.Secret(Ns, "t", new Dictionary<string, string> { ["token"] = "hvs.tenant" });
            Generated(c, "VaultDynamicSecret", new JsonObject
            {
                ["path"] = "database/creds/readonly",
                ["provider"] = new JsonObject { ["server"] = h.Url(), ["auth"] = new JsonObject { ["tokenSecretRef"] = SecretRef("t") } },
            });
        }, "answered more than 16 MiB", 16 << 20),
        new("Webhook", (c, h) => Generated(c, "Webhook", new JsonObject
        {
            ["url"] = h.Url() + "/tokens", ["method"] = "POST", ["body"] = "{}", ["result"] = new JsonObject { ["jsonPath"] = "$" },
        }), OneMiB, 1 << 20),
    ];

    /// <summary>The Entra ID fake for ACR's directory token, and the agent's ACR endpoint at the hostile server.</summary>
    private static async Task AzureDirectoryAsync(TenantHostCase h)
    {
        var azure = await FakeAzureKeyVaultServer.StartAsync();
        h.Owned.Add(azure);
        azure.AddClient("acr-pusher", "sp-secret");
        var handler = azure.CreateClientHandler();
        h.Owned.Add(new Disposing(handler));
        h.Options = h.Options with
        {
            AwsEndpoints = h.Hostile is null ? new Dictionary<string, Uri>() : new Dictionary<string, Uri> { ["ACR"] = h.Hostile.BaseAddress },
            AzureAuthorityHost = new Uri(azure.AuthorityHost),
            Azure = new CloudKeyOptions { HttpHandler = handler, MaxRetries = 0 },
        };
    }

    /// <summary>An <see cref="IDisposable"/> as an <see cref="IAsyncDisposable"/>.</summary>
    private sealed class Disposing(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
