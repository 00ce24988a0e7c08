using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Gcp.Auth;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Ssm;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Vault;
using SecretsKit.Testing.Webhook;

namespace SecretsKit.Cloud.Tests.Providers;

/// <summary>
/// Every JSON-valued provider of <see cref="SecretStoreProviders.CreateDefault"/>, its store built from a spec against its
/// wire fake holding the same JSON secret, reads the same property and the same map: one set of value rules
/// (<see cref="ProviderValues"/>) for all. A provider added to the registry fails here until it is listed.
/// </summary>
public sealed class ProviderValuesRegistryTests
{
    private const string Document = """{"db":{"hosts":[{"name":"a"},{"name":"b"}]},"none":null,"ratio":1.50,"user":"app"}""";

    /// <summary>
    /// Providers whose values are not JSON documents: they read properties themselves (<see cref="IPropertyReadingStore"/>;
    /// 1Password: an item's fields by label; kubernetes: a Secret's keys, a dotted property a path inside one key's value).
    /// </summary>
    private static readonly string[] NotJson = ["onepassword", "kubernetes"];

    /// <summary>
    /// Providers whose store answers the whole document whatever the property (webhook: <c>remoteRef.property</c> is
    /// template data): the agent takes the property from that document by the same rules, and so does this test.
    /// </summary>
    private static readonly string[] PropertyInTemplates = ["webhook"];

    private static readonly CloudRetryOptions Fast = new() { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2) };

    private sealed class Credentials(Dictionary<string, string> values) : IStoreCredentials
    {
        public Task<string> ReadAsync(JsonNode? selector, string field, CancellationToken cancellationToken) =>
            Task.FromResult(values[selector!["key"]!.GetValue<string>()]);
    }

    private static JsonObject Ref(string key) => new() { ["name"] = "creds", ["key"] = key };

    /// <summary>Starts the provider's fake with <see cref="Document"/> under a key; the spec, credentials, context and key.</summary>
    private static async Task<(IAsyncDisposable? Fake, JsonObject Spec, Dictionary<string, string> Creds, ProviderContext Context, string Key)> StartAsync(string name)
    {
        var context = new ProviderContext { Retry = Fast };
        switch (name)
        {
            case "vault":
                var vault = await FakeVaultServer.StartAsync();
                vault.Kv2PutJson("secret", "app/doc", Document);
                return (vault, new JsonObject { ["server"] = vault.BaseAddress.ToString(), ["path"] = "secret", ["auth"] = new JsonObject { ["tokenSecretRef"] = Ref("token") } },
                    new() { ["token"] = vault.RootToken }, context, "app/doc");
            case "aws-secretsmanager" or "aws-ssm":
                var sm = name == "aws-secretsmanager";
                FakeAwsJsonServer aws = sm ? await FakeSecretsManagerServer.StartAsync("eu-west-1") : await FakeSsmServer.StartAsync("eu-west-1");
                if (aws is FakeSecretsManagerServer s) s.PutSecret("app-doc", Document);
                if (aws is FakeSsmServer p) p.PutParameter("/app/doc", Document, "SecureString");
                aws.ExpectCredentials("AKIDTEST", "test-secret");
                var service = sm ? "SecretsManager" : "ParameterStore";
                return (aws, new JsonObject
                {
                    ["service"] = service, ["region"] = "eu-west-1",
                    ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Ref("id"), ["secretAccessKeySecretRef"] = Ref("secret") } },
                }, new() { ["id"] = "AKIDTEST", ["secret"] = "test-secret" },
                    context with { Endpoints = new Dictionary<string, Uri> { [service] = aws.BaseAddress } }, sm ? "app-doc" : "/app/doc");
            case "azurekv":
                var azure = await FakeAzureKeyVaultServer.StartAsync();
                azure.AddClient("client", "client-secret");
                azure.SetSecret("app-doc", Document);
                return (azure, new JsonObject
                {
                    ["vaultUrl"] = azure.VaultUrl, ["tenantId"] = azure.TenantId, ["authType"] = "ServicePrincipal",
                    ["authSecretRef"] = new JsonObject { ["clientId"] = Ref("id"), ["clientSecret"] = Ref("secret") },
                }, new() { ["id"] = "client", ["secret"] = "client-secret" }, context with
                {
                    AzureAuthorityHost = new Uri(azure.AuthorityHost),
                    Azure = new CloudKeyOptions { HttpHandler = azure.CreateClientHandler(), MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1) },
                }, "app-doc");
            case "gcpsm":
                var gcp = await FakeGcpSecretManagerServer.StartAsync();
                gcp.AddVersion("app-doc", Document);
                return (gcp, new JsonObject
                {
                    ["projectID"] = gcp.Project,
                    ["auth"] = new JsonObject { ["secretRef"] = new JsonObject { ["secretAccessKeySecretRef"] = Ref("key") } },
                }, new() { ["key"] = gcp.CreateServiceAccount() }, context with
                {
                    Endpoints = new Dictionary<string, Uri> { ["gcpsm"] = gcp.BaseAddress },
                    Settings = new Dictionary<Type, object> { [typeof(GcpEndpoints)] = new GcpEndpoints { OAuth2Token = gcp.TokenUri } },
                }, "app-doc");
            case "webhook":
                var webhook = await FakeWebhookServer.StartAsync();
                webhook.Put("app-doc", Document);
                return (webhook, new JsonObject
                {
                    ["url"] = new Uri(webhook.BaseAddress, "secrets/").ToString() + "{{ .remoteRef.key }}",
                    ["headers"] = new JsonObject { ["Authorization"] = "Bearer " + webhook.Token },
                }, [], context with { Templates = SprigStoreTemplates.Instance }, "app-doc");
            case "fake":
                return (null, new JsonObject { ["data"] = new JsonArray(new JsonObject { ["key"] = "app-doc", ["value"] = Document }) }, [], context, "app-doc");
            default:
                throw new InvalidOperationException($"provider '{name}' has no case here: add one (or list it in NotJson with the reason)");
        }
    }

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var provider in SecretStoreProviders.CreateDefault().All.Where(p => !NotJson.Contains(p.Name)))
        {
            if (provider.Name == "aws") names.Add("aws-ssm");
            names.Add(provider.Name == "aws" ? "aws-secretsmanager" : provider.Name);
        }
        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Each_providers_store_reads_the_same_property_and_map_from_the_same_JSON_secret(string name)
    {
        var (fake, spec, creds, context, key) = await StartAsync(name);
        try
        {
            var provider = SecretStoreProviders.CreateDefault().Find(name.StartsWith("aws-", StringComparison.Ordinal) ? "aws" : name)!;
            var store = await provider.CreateAsync(new ProviderSpec("store", spec, new Credentials(creds), context), CancellationToken.None);
            try
            {
                string Text(byte[] b) => Encoding.UTF8.GetString(b);
                var agentSelects = PropertyInTemplates.Contains(name);
                async Task<byte[]> Property(string property) => agentSelects
                    ? ProviderValues.Select(store.Provider, key, (await store.GetSecretAsync(new SecretRef(key, property))).Value, property)
                    : (await store.GetSecretAsync(new SecretRef(key, property))).Value;
                Assert.Equal("b", Text(await Property("db.hosts.1.name")));
                Assert.Equal("", Text(await Property("none")));
                Assert.Equal("1.5", Text(await Property("ratio")));
                await Assert.ThrowsAsync<SecretNotFoundException>(() => Property("db.hosts.2.name"));

                var map = await store.GetSecretMapAsync(new SecretRef(key));
                Assert.Equal(["db", "none", "ratio", "user"], map.Keys.Order(StringComparer.Ordinal));
                Assert.Equal("null", Text(map["none"]));
                Assert.Equal("1.50", Text(map["ratio"]));
                Assert.Equal("app", Text(map["user"]));
                Assert.Equal("""{"hosts":[{"name":"a"},{"name":"b"}]}""", Text(map["db"]));
                var mapAt = agentSelects
                    ? ProviderValues.ToMap(store.Provider, key, await Property("db.hosts.0"))
                    : await store.GetSecretMapAsync(new SecretRef(key, "db.hosts.0"));
                Assert.Equal("a", Text(mapAt["name"]));
            }
            finally
            {
                (store as IDisposable)?.Dispose();
            }
        }
        finally
        {
            if (fake is not null) await fake.DisposeAsync();
        }
    }
}
