using SecretsKit.Testing.Architecture;

namespace SecretsKit.Core.Tests.Architecture;

/// <summary>
/// An HTTP client or socket handler is built in few places (<see cref="HttpConstructions"/>): the one transport for hosts
/// that tenant input names, <c>Cloud/Http/TenantHttp.cs</c>, the vendor clients whose hosts are fixed by the vendor or
/// written by the operator, and the CLI's fetches of URLs its own user wrote. Anything else that talks HTTP goes through one of them; a new site fails here until it
/// does, or until it is added below with the reason its host is not a tenant's.
/// </summary>
public sealed class HttpClientHomesTests
{
    /// <summary>Each file allowed to build a client or handler, with why.</summary>
    private static readonly Dictionary<string, string> Homes = new(StringComparer.Ordinal)
    {
        ["src/SecretsKit.Cloud/Http/TenantHttp.cs"] = "the guarded transport for tenant-named hosts",
        ["src/SecretsKit.Cloud/Http/CloudKeyOptions.cs"] = "key sources' REST clients: hosts fixed by the vendor or set by the operator's environment",
        ["src/SecretsKit.Cloud/Aws/Http/AwsJsonClient.cs"] = "AWS endpoints: the region's fixed host pattern or the operator's AWS_ENDPOINT_URL_*",
        ["src/SecretsKit.Cloud/Aws/Auth/StsClient.cs"] = "AWS STS: the region's fixed host or the operator's endpoint",
        ["src/SecretsKit.Cloud/Aws/Auth/ContainerCredentials.cs"] = "the pod's own container credentials endpoint, from the operator's environment",
        ["src/SecretsKit.Cloud/Publish/S3Destination.cs"] = "the operator's publish destination",
        ["src/SecretsKit.Cloud/Gcp/Http/GcpHttp.cs"] = "Google APIs: fixed hosts in the operator's universe domain",
        ["src/SecretsKit.Cloud/Vault/Http/VaultClient.cs"] = "its handler comes from VaultTls (TenantHttp for a store's server)",
        ["src/SecretsKit.Cloud/Vault/Http/VaultTls.cs"] = "the operator's Vault (VAULT_ADDR, .sops.yaml); a store's server goes through TenantHttp",
        ["src/SecretsKit.Cloud/Azure/Events/ServiceBusQueueReceiver.cs"] = "Service Bus: NAME.servicebus.windows.net only (ServiceBusQueueAddress)",
        ["src/SecretsKit.Cloud/Azure/Auth/AzureServiceFabricTransport.cs"] = "the node's Service Fabric identity endpoint, from the operator's environment",
        ["src/SecretsKit.Cloud/Azure/Auth/AzureClientConfiguration.cs"] = "the Azure SDK's transport over a given handler (TenantHttp's for a store's vault)",
        ["src/SecretsKit.Cloud/KeyService/GrpcKeyServiceClient.cs"] = "the operator's key service address",
        ["src/SecretsKit.Kubernetes/KubernetesClient.cs"] = "its handler comes from KubeHttpHandlerFactory, or the caller's (TenantHttp for a store's server)",
        ["src/SecretsKit.Kubernetes/Http/KubeHttpHandlerFactory.cs"] = "the operator's cluster (kubeconfig, in-cluster service account)",
        ["src/SecretsKit.Deploy/Helm/RemoteValueFile.cs"] = "a values URL in the user's own helmfile or helm flags, fetched as helm-secrets does",
        ["src/SecretsKit.Deploy/Release/Pipeline/ReleasePipelineContext.cs"] = "the user's --schema-location URL templates",
        ["src/SecretsKit.Deploy/Release/Strategies/Analysis/AnalysisHttp.cs"] = "the http and prometheus checks' URLs, written by the operator in the promotion file",
        ["src/SecretsKit.Cli/Commands/Deploy/ValidateCommand.cs"] = "the user's --schema-location URL templates",
    };

    [Fact]
    public void No_http_client_or_handler_is_built_outside_its_homes()
    {
        var found = HttpConstructions.InSources();

        var outside = found.Where(site => !Homes.ContainsKey(site[..site.IndexOf(':', StringComparison.Ordinal)])).ToList();
        var stale = Homes.Keys.Where(home => !found.Any(site => site.StartsWith(home + ":", StringComparison.Ordinal))).ToList();

        Assert.Empty(outside);
        Assert.Empty(stale);
    }

    [Fact]
    public void The_check_sees_every_way_of_writing_a_construction()
    {
        const string text = """
            using System.Net.Http;
            class C
            {
                private readonly HttpClient _field = new();
                private HttpClient _assigned;
                private static HttpClientHandler Property => new() { UseProxy = true };
                C(HttpMessageHandler h)
                {
                    var a = new HttpClient(h);
                    var b = new HttpClient { Timeout = default };
                    var c = new System.Net.Http.SocketsHttpHandler { UseProxy = false };
                    HttpClient d = h is null ? new() : new(h);
                    _assigned = new(h);
                }
                static SocketsHttpHandler Create() { return new(); }
                static HttpMessageInvoker Invoker(HttpMessageHandler h) => new(h);
            }
            """;

        Assert.Equal(
        [
            "C.cs:4: new HttpClient", "C.cs:6: new HttpClientHandler", "C.cs:9: new HttpClient", "C.cs:10: new HttpClient",
            "C.cs:11: new SocketsHttpHandler", "C.cs:12: new HttpClient", "C.cs:12: new HttpClient", "C.cs:13: new HttpClient",
            "C.cs:15: new SocketsHttpHandler",
        ], HttpConstructions.Of("C.cs", text));
    }
}
