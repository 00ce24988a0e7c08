using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>A fake API server plus a real client pointed at it with a bearer token.</summary>
internal sealed class FakeCluster : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";

    private FakeCluster(FakeKubeApiServer server, KubernetesClient client)
    {
        Server = server;
        Client = client;
    }

    public FakeKubeApiServer Server { get; }

    public KubernetesClient Client { get; }

    public static async Task<FakeCluster> StartAsync()
    {
        var server = await FakeKubeApiServer.StartAsync();
        server.AcceptToken(Token);
        var client = new KubernetesClient(new KubernetesClientConfiguration
        {
            Server = server.BaseAddress,
            Namespace = "default",
            Credentials = new StaticTokenCredentialSource(Token),
        });
        return new FakeCluster(server, client);
    }

    public static JsonObject Secret(string name, string ns = "default", IDictionary<string, string>? labels = null, string value = "c2VjcmV0")
    {
        var s = KubeObjectMetadata.New(ResourceTypes.Secret, name, ns);
        s["type"] = "Opaque";
        s["data"] = new JsonObject { ["password"] = value };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>()) s.SetLabel(k, v);
        return s;
    }

    public static JsonObject ExternalSecret(string name, string ns = "default", string target = "db-creds")
    {
        var es = KubeObjectMetadata.New(ResourceTypes.ExternalSecret, name, ns);
        es["spec"] = new JsonObject
        {
            ["refreshInterval"] = "1h",
            ["secretStoreRef"] = new JsonObject { ["name"] = "vault", ["kind"] = "SecretStore" },
            ["target"] = new JsonObject { ["name"] = target },
        };
        return es;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
