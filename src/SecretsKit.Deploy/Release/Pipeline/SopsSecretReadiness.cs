using System.Text.Json.Nodes;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Sealing;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// <c>--wait</c> for a sealed release: after helm, each SopsSecret of the release must be decrypted by the agent into its
/// Secret (its <c>Ready</c> condition true for its current generation) within the release's timeout. A failure the
/// agent reports as permanent for this generation (the document or its namespace binding) ends the wait at once. Uses the
/// caller's kubeconfig and the release's kube context, as helm does. Messages are the agent's: names and reasons, never values.
/// </summary>
internal static class SopsSecretReadiness
{
    /// <summary>The agent's reasons that no retry can heal before the SopsSecret changes (examples/agent/README-sops.md).</summary>
    private static readonly string[] Permanent =
        ["UnsupportedField", "InvalidSpec", "InvalidDocument", "MacMismatch", "NamespacesMissing", "NamespacesNotProtected", "NamespaceNotAllowed"];

    /// <summary>Null when every SopsSecret is ready; otherwise what is not, one line each.</summary>
    public static async Task<string?> WaitAsync(IReadOnlyList<PreviousSeal> sopsSecrets, string releaseNamespace, string? kubeContext,
        TimeSpan timeout, IEnvironment environment, IProcessRunner processes, TimeProvider time, CancellationToken ct)
    {
        if (sopsSecrets.Count == 0) return null;
        var config = !KubeConfigLoader.ConfigPaths(environment).Any(File.Exists) && InClusterConfig.IsInCluster(environment)
            ? InClusterConfig.Load(environment)
            : KubeConfigLoader.Load(environment, kubeContext, runner: processes);
        using var client = new KubernetesClient(config);
        var deadline = time.GetUtcNow() + timeout;
        var pending = sopsSecrets.Select(s => (Namespace: s.Namespace ?? releaseNamespace, s.Name)).Distinct().ToList();
        var last = new Dictionary<(string, string), string>();
        while (true)
        {
            foreach (var item in pending.ToList())
            {
                var (ready, said, permanent) = State(await TryGetAsync(client, item.Namespace, item.Name, ct));
                if (ready) pending.Remove(item);
                else last[item] = $"SopsSecret {item.Namespace}/{item.Name}: {said}";
                if (permanent) return last[item];
            }
            if (pending.Count == 0) return null;
            if (time.GetUtcNow() >= deadline)
            {
                return string.Join('\n', pending.Select(p => last[p])) + $" (waited {timeout.TotalSeconds:0}s for the secretskit agent)";
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
        }
    }

    private static async Task<JsonObject?> TryGetAsync(KubernetesClient client, string ns, string name, CancellationToken ct)
    {
        try
        {
            return await client.TryGetAsync(ResourceTypes.SopsSecret, ns, name, ct);
        }
        catch (KubernetesApiException)
        {
            return null; // the API server is busy: asked again
        }
    }

    /// <summary>Whether the agent has decrypted the current generation, what its condition says, and whether it can only fail.</summary>
    private static (bool Ready, string Said, bool Permanent) State(JsonObject? sops)
    {
        if (sops is null) return (false, "not found", false);
        var generation = sops.GetGeneration();
        var status = sops["status"] as JsonObject;
        var observed = status?["observedGeneration"]?.GetValue<long>() ?? 0;
        var ready = (status?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == "Ready");
        if (ready is null || observed < generation) return (false, "not decrypted by the agent yet", false);
        var reason = ready["reason"]?.GetValue<string>() ?? "";
        var message = ready["message"]?.GetValue<string>() ?? "";
        return ready["status"]?.GetValue<string>() == "True"
            ? (true, "", false)
            : (false, $"{reason}: {message}", Permanent.Contains(reason, StringComparer.Ordinal));
    }
}
