using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Kubernetes;
using SecretsKit.Kubernetes.Config;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Reads one key of a Kubernetes Secret with the caller's kubeconfig (<c>KUBECONFIG</c> or <c>~/.kube/config</c>, its
/// current context and namespace; in a pod without one, its service account), for <c>secrets+age-import-kubernetes://</c> and the gpg variant. The key material is
/// returned to the caller only; messages name the Secret and key, never the value.
/// </summary>
public static class KubernetesKeyReader
{
    public static async Task<byte[]> ReadAsync(IEnvironment environment, IProcessRunner processes, string? ns, string name, string key,
        CancellationToken cancellationToken)
    {
        var config = !KubeConfigLoader.ConfigPaths(environment).Any(File.Exists) && InClusterConfig.IsInCluster(environment)
            ? InClusterConfig.Load(environment)
            : KubeConfigLoader.Load(environment, runner: processes);
        using var client = new KubernetesClient(config);
        var where = $"{ns ?? config.Namespace}/{name}";
        var secret = await client.TryGetAsync(ResourceTypes.Secret, ns, name, cancellationToken)
            ?? throw new SecretsKitException(ExitCodes.Generic, $"Secret {where} not found", "check the namespace and name in the URL, and that your kubeconfig's user may get secrets there");
        var value = secret["data"]?[key]?.GetValue<string>()
            ?? throw new SecretsKitException(ExitCodes.Generic, $"Secret {where} has no key {key}");
        try
        {
            return Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"Secret {where} key {key} is not base64 data");
        }
    }
}
