using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// The cluster a docs page's <c>runnable … cluster</c> blocks run against: the HTTPS Kubernetes API fake with the
/// controllers a walk-through waits for (<see cref="FakeClusterControllers"/>), reached through <c>~/.kube/config</c> of
/// the page's fresh HOME as a reader's kubectl and helm reach theirs.
/// </summary>
internal sealed class DocsCluster : IAsyncDisposable
{
    private readonly FakeKubeApiServer _server;
    private readonly FakeClusterControllers _controllers;

    private DocsCluster(FakeKubeApiServer server, FakeClusterControllers controllers)
    {
        _server = server;
        _controllers = controllers;
    }

    /// <summary>What the controllers could not do, shown when a block fails.</summary>
    public IEnumerable<string> Errors => _controllers.Errors;

    /// <summary>The API fake itself, for a test to read or plant objects.</summary>
    public FakeKubeApiServer Server => _server;

    /// <summary>The requests the API fake served, in order.</summary>
    public IReadOnlyList<FakeKubeRequest> Requests => _server.Requests;

    public static async Task<DocsCluster> StartAsync(string home, IEnumerable<string> contexts)
    {
        var server = await FakeKubeApiServer.StartAsync(https: true);
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        server.AcceptToken(token);
        var controllers = FakeClusterControllers.Start(server);
        Directory.CreateDirectory(Path.Combine(home, ".kube"));
        server.WriteKubeconfig(Path.Combine(home, ".kube", "config"), token, otherContexts: contexts);
        return new DocsCluster(server, controllers);
    }

    public async ValueTask DisposeAsync()
    {
        await _controllers.DisposeAsync();
        await _server.DisposeAsync();
    }
}
