using System.Text.Json.Nodes;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Deploy.Release.Clusters;

/// <summary>
/// The Kubernetes API clients of one release run, one per kube context, built from the same kubeconfig helm reads
/// (<c>KUBECONFIG</c>, else <c>~/.kube/config</c>): what the release lock and the release records talk to. A context
/// comes from the state file (an environment's or a release's <c>kubeContext</c>) or is the kubeconfig's current one;
/// nothing read from the cluster picks one.
/// </summary>
public sealed class ClusterConnections(IEnvironment environment, IProcessRunner processes, TimeProvider time) : IDisposable
{
    private readonly Dictionary<string, KubernetesClient> _clients = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private KubeConfigModel? _model;

    /// <summary>The context helm would use: <paramref name="context"/> when given, else the kubeconfig's current context.</summary>
    public string ContextName(string? context)
    {
        if (context is { Length: > 0 }) return context;
        return Model().CurrentContext is { Length: > 0 } current ? current
            : throw new KubernetesConfigException("the kubeconfig has no current-context and the environment names no kubeContext",
                "set kubeContext for the environment in the state file, or run `kubectl config use-context`");
    }

    /// <summary>The client for <paramref name="context"/> (a name <see cref="ContextName"/> returned), made once per run.</summary>
    public KubernetesClient Client(string context)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(context, out var known)) return known;
            var client = new KubernetesClient(KubeConfigLoader.Build(Model(), context, environment, processes, time)) { Time = time };
            _clients[context] = client;
            return client;
        }
    }

    /// <summary>
    /// Runs <paramref name="write"/>, and when the API says not found (the namespace does not exist: the lock and the
    /// records live there) creates <paramref name="ns"/> on <paramref name="context"/>, as <c>--create-namespace</c> does
    /// for a release, and runs it once more. Nothing is asked of namespaces while the namespace exists (a run may lack
    /// any right on them).
    /// </summary>
    public async Task<T> InNamespaceAsync<T>(string context, string ns, Func<Task<T>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write();
        }
        catch (KubernetesNotFoundException)
        {
            try
            {
                var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = ns } };
                await Client(context).CreateAsync(ResourceTypes.Namespace, body, cancellationToken);
            }
            catch (KubernetesAlreadyExistsException)
            {
                // another run made it first
            }
            return await write();
        }
    }

    private KubeConfigModel Model()
    {
        lock (_gate) return _model ??= KubeConfigLoader.LoadModel(environment);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var client in _clients.Values) client.Dispose();
            _clients.Clear();
        }
    }
}
