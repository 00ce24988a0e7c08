using System.Text.Json.Nodes;
using SecretsKit.Agent.Controllers.ChangeEvents;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Azure.ServiceBus;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Gcp.PubSub;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Agent.Tests.Hosting;

/// <summary>
/// The real agent process finds the Secret Manager, Pub/Sub and Service Bus endpoints in its own environment (the
/// operator's settings: gcloud's <c>CLOUDSDK_API_ENDPOINT_OVERRIDES_*</c> and our <c>AZURE_SERVICEBUS_ENDPOINT</c>), syncs
/// an ExternalSecret from the provider fake and brings a change to it through the fake's event alone (refresh 1 h).
/// Without the settings the default hosts are unreachable here, so nothing would sync.
/// </summary>
public sealed class AgentProcessChangeEventEndpointsTests
{
    private const string Subscription = "projects/events-project/subscriptions/secret-events";
    private const string Queue = "kv-events";

    [Fact]
    public async Task The_agent_process_reads_secret_manager_pulls_pubsub_and_looks_the_project_number_up_at_the_gcloud_endpoint_overrides_of_its_environment()
    {
        using var home = new TempDir();
        await using var server = await StartServerAsync();
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync();
        await using var projects = await FakeResourceManagerServer.StartAsync();
        projects.TrustTokensOf(gcp);
        projects.AddProject(gcp.Project, FakeGcpSecretManagerServer.ProjectNumber);
        await using var pubsub = await FakePubSubServer.StartAsync();
        pubsub.TrustTokensOf(gcp);
        pubsub.PullWait = TimeSpan.FromSeconds(2);
        pubsub.CreateSubscription(Subscription);
        gcp.AddVersion("api-token", "v1");
        Secret(server, "gcp-sa", "key.json", gcp.CreateServiceAccount());
        server.Create(FakeResourceType.SecretStore, "default", FakePubSubServer.SecretManagerStore("default", gcp.Project, "pubsub://" + Subscription));
        ExternalSecret(server, "gcp", "api-token");
        await using var agent = AgentProcess.Start(home.Path, new()
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path),
            ["POD_NAME"] = "agent-a",
            ["CLOUDSDK_API_ENDPOINT_OVERRIDES_SECRETMANAGER"] = gcp.BaseAddress.ToString(),
            ["CLOUDSDK_AUTH_TOKEN_HOST"] = gcp.TokenUri.ToString(), // the only token_uri a store's JSON key may name
            ["CLOUDSDK_API_ENDPOINT_OVERRIDES_PUBSUB"] = pubsub.BaseAddress.ToString(),
            ["CLOUDSDK_API_ENDPOINT_OVERRIDES_CLOUDRESOURCEMANAGER"] = projects.BaseAddress.ToString(),
        }, "--lease-namespace", "default");

        await agent.UntilAsync(() => Value(server) == "v1", "the first sync from Secret Manager");
        await agent.UntilAsync(() => EventsReady(server, "gcp"), "ChangeEventsReady True");
        var reads = gcp.CountCalls("access");
        gcp.AddVersion("api-token", "v2");
        pubsub.Publish(Subscription, new Dictionary<string, string>
        {
            // by number, as Secret Manager names it, with no ?projectNumber= in the annotation
            ["eventType"] = "SECRET_VERSION_ADD", ["secretId"] = $"projects/{FakeGcpSecretManagerServer.ProjectNumber}/secrets/api-token", ["dataFormat"] = "JSON_API_V1",
        });

        await agent.UntilAsync(() => Value(server) == "v2", "the event's refresh");
        Assert.Equal(1, projects.CallCount(FakeResourceManagerServer.Operation));
        await agent.UntilAsync(() => pubsub.Count(Subscription) == 0, "the message acknowledged");
        Assert.Equal(reads + 1, gcp.CountCalls("access"));
    }

    /// <summary>
    /// Skipped: the store's vault (<c>secretskit.vault.localhost</c>) is tenant-named, so the agent no longer reaches it
    /// through <c>HTTPS_PROXY</c>, and this host resolves no <c>*.localhost</c> name; Key Vault's challenge check needs a
    /// vault host below the resource's domain, so <c>localhost</c> itself will not do. In-process tests cover the Service
    /// Bus receiver; this one needs a way for the process to reach the vault fake by name without a proxy.
    /// </summary>
    [Fact(Skip = "a store's vault is no longer reached through HTTPS_PROXY; the process cannot resolve the vault fake's name")]
    public async Task The_agent_process_receives_service_bus_events_at_the_azure_servicebus_endpoint_of_its_environment()
    {
        using var home = new TempDir();
        await using var server = await StartServerAsync();
        await using var kv = await FakeAzureKeyVaultServer.StartAsync();
        await using var bus = await FakeServiceBusServer.StartAsync();
        kv.AddClient("agent-client", "agent-client-secret");
        kv.SetSecret("api-token", "v1");
        bus.CreateQueue(Queue);
        bus.TrustedIssuer = kv.TokenAudience;
        // the directory is reached by name through a CONNECT proxy to the vault fake; the Service Bus namespace only
        // through the endpoint setting (through the proxy, its name would reach the vault fake and fail TLS)
        await using var proxy = ConnectProxy.Start(kv.BaseAddress.Port);
        var caFile = Path.Combine(home.Path, "test-cas.pem");
        await File.WriteAllTextAsync(caFile, kv.Authority.Certificate.ExportCertificatePem() + "\n" + bus.Authority.Certificate.ExportCertificatePem() + "\n");
        Secret(server, "azure-sp", "clientId", "agent-client", ("clientSecret", "agent-client-secret"));
        server.Create(FakeResourceType.SecretStore, "default", FakeServiceBusServer.KeyVaultStore("default", kv.VaultUrl, kv.TenantId, $"servicebus://{FakeServiceBusServer.NamespaceName}/{Queue}"));
        ExternalSecret(server, "azure", "api-token");
        await using var agent = AgentProcess.Start(home.Path, new()
        {
            ["KUBECONFIG"] = AgentProcess.Kubeconfig(server, home.Path),
            ["POD_NAME"] = "agent-a",
            ["AZURE_AUTHORITY_HOST"] = kv.AuthorityHost,
            ["AZURE_SERVICEBUS_ENDPOINT"] = $"https://127.0.0.1:{bus.BaseAddress.Port}/",
            ["HTTPS_PROXY"] = proxy.Address, ["https_proxy"] = proxy.Address,
            ["NO_PROXY"] = "127.0.0.1", ["no_proxy"] = "127.0.0.1",
            ["SSL_CERT_FILE"] = caFile,
        }, "--lease-namespace", "default");

        await agent.UntilAsync(() => Value(server) == "v1", "the first sync from Key Vault");
        try
        {
            await agent.UntilAsync(() => EventsReady(server, "azure"), "ChangeEventsReady True");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nproxied: {string.Join(", ", proxy.Targets.Distinct())}", e);
        }
        var reads = kv.CountCalls("getSecret");
        kv.SetSecret("api-token", "v2");
        bus.Send(Queue, KeyVaultEventGrid.SecretEvent("secretskit", "api-token"));

        await agent.UntilAsync(() => Value(server) == "v2", "the event's refresh");
        await agent.UntilAsync(() => bus.CompletedCount(Queue) == 1, "the message completed");
        Assert.Equal(reads + 1, kv.CountCalls("getSecret"));
        Assert.DoesNotContain(proxy.Targets, t => t.StartsWith(FakeServiceBusServer.NamespaceHost, StringComparison.Ordinal));
    }

    private static async Task<FakeKubeApiServer> StartServerAsync()
    {
        var server = await FakeKubeApiServer.StartAsync();
        foreach (var crd in AgentChart.Crds) server.InstallCrd((JsonObject)crd.DeepClone());
        return server;
    }

    private static void Secret(FakeKubeApiServer server, string name, string key, string value, params (string Key, string Value)[] more)
    {
        var data = new JsonObject { [key] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)) };
        foreach (var (k, v) in more) data[k] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(v));
        server.Create(FakeResourceType.Secret, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Secret",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default" },
            ["data"] = data,
        });
    }

    private static void ExternalSecret(FakeKubeApiServer server, string store, string key) =>
        server.Create(FakeResourceType.ExternalSecret, "default", new JsonObject
        {
            ["apiVersion"] = "external-secrets.io/v1",
            ["kind"] = "ExternalSecret",
            ["metadata"] = new JsonObject { ["name"] = "es", ["namespace"] = "default" },
            ["spec"] = AgentCluster.Spec(store, refresh: "1h", data: [("value", key, null)]),
        });

    private static string? Value(FakeKubeApiServer server) =>
        server.TryGet(FakeResourceType.Secret, "default", "es")?["data"]?["value"]?.GetValue<string>() is { } b64
            ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(b64)) : null;

    private static bool EventsReady(FakeKubeApiServer server, string store) =>
        (server.TryGet(FakeResourceType.SecretStore, "default", store)?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>()
        .Any(c => c["type"]?.GetValue<string>() == ChangeEventsController.ConditionType && c["status"]?.GetValue<string>() == "True") == true;
}
