using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Http;

namespace SecretsKit.Agent.Hosting;

/// <summary>
/// From the command line to a working API client, or an error the user can act on (one line, a hint, exit 1).
/// The configuration is found as controller-runtime's <c>GetConfig</c> finds it: <c>--kubeconfig</c>, then
/// <c>KUBECONFIG</c> (a list, merged as kubectl merges it), then the pod's service account, then <c>~/.kube/config</c>;
/// <c>--context</c> picks a context of the kubeconfig. Outside a cluster the API server is asked once before anything
/// starts, so a wrong context or a stopped cluster is an error at once; in a cluster the election loop keeps retrying
/// (and /readyz says the server is unreachable) until it answers.
/// </summary>
internal static class AgentStartup
{
    /// <summary>How long the start-up check waits for the API server.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The client configuration the flags and environment select, and whether it is the pod's own.</summary>
    public static (KubernetesClientConfiguration Config, bool InCluster) Resolve(AgentCommandLine commandLine, IEnvironment env)
    {
        if (commandLine.Kubeconfig is { } explicitPath)
        {
            var full = Path.GetFullPath(explicitPath, env.CurrentDirectory);
            if (!File.Exists(full)) throw new AgentStartupException($"kubeconfig {full} (--kubeconfig) does not exist", "pass the path of a readable kubeconfig file");
            return (KubeConfigLoader.Load(env, commandLine.Context, full), false);
        }
        if (env.Get("KUBECONFIG") is { Length: > 0 }) return (KubeConfigLoader.Load(env, commandLine.Context), false);
        if (InClusterConfig.IsInCluster(env)) return (InClusterConfig.Load(env), true);
        var home = Path.Combine(env.HomeDirectory, ".kube", "config");
        if (!File.Exists(home))
        {
            throw new AgentStartupException($"no kubeconfig: {home} does not exist, KUBECONFIG is not set and this is not a pod (no KUBERNETES_SERVICE_HOST)",
                "pass --kubeconfig FILE or set KUBECONFIG; in a cluster the agent uses its service account");
        }
        return (KubeConfigLoader.Load(env, commandLine.Context), false);
    }

    /// <summary>Builds the client and, outside a cluster, checks that the API server answers (reading the leader Lease).</summary>
    public static async Task<KubernetesClient> ConnectAsync(AgentCommandLine commandLine, IEnvironment env)
    {
        var (config, inCluster) = Resolve(commandLine, env);
        var kube = new KubernetesClient(config)
        {
            RateLimit = new ClientRateLimit(commandLine.Options.ClientQps, commandLine.Options.ClientBurst),
        };
        if (inCluster) return kube;
        try
        {
            await ProbeAsync(kube, config, commandLine.LeaseNamespace);
            return kube;
        }
        catch
        {
            kube.Dispose();
            throw;
        }
    }

    private static async Task ProbeAsync(KubernetesClient kube, KubernetesClientConfiguration config, string leaseNamespace)
    {
        var server = config.Server.GetLeftPart(UriPartial.Authority);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            await kube.TryGetAsync(ResourceTypes.Lease, leaseNamespace, AgentHost.LeaseName, timeout.Token);
        }
        catch (HttpRequestException e)
        {
            throw new AgentStartupException($"cannot reach the Kubernetes API server at {server}: {e.Message}",
                "is the cluster running, and are --context / --kubeconfig the ones you meant?", e);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new AgentStartupException($"the Kubernetes API server at {server} did not answer within {ProbeTimeout.TotalSeconds:0}s",
                "is the cluster running, and are --context / --kubeconfig the ones you meant?", e);
        }
        catch (KubernetesApiException e)
        {
            throw new AgentStartupException($"the Kubernetes API server at {server} refused the agent: {e.Message}", e.Hint, e);
        }
    }

    /// <summary>Starts the host (health server and agent); a port that cannot be bound is a start-up error.</summary>
    public static async Task StartAsync(Microsoft.AspNetCore.Builder.WebApplication app, int port)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            throw new AgentStartupException($"cannot listen on port {port} for /healthz, /readyz and /metrics: {e.Message}",
                "pass a free port with --metrics-port", e);
        }
    }

    /// <summary>The one line the agent prints for an error before it exits 1: message and hint, no stack trace.</summary>
    public static string Describe(SecretsKitException e)
    {
        var line = e.Hint is { Length: > 0 } hint ? $"secretskit-agent: {e.Message}; {hint}" : $"secretskit-agent: {e.Message}";
        return line.ReplaceLineEndings(" ");
    }
}
