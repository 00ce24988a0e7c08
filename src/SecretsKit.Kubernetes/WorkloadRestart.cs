using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes;

/// <summary>Rolling restart of a Deployment/StatefulSet, the way <c>kubectl rollout restart</c> does it.</summary>
public static class WorkloadRestart
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";

    /// <summary>Merge-patches <c>spec.template.metadata.annotations[kubectl.kubernetes.io/restartedAt]</c>, which changes the pod template and rolls the pods.</summary>
    public static Task<JsonObject> RolloutRestartAsync(this KubernetesClient client, ResourceType workload, string? ns, string name,
        DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var patch = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject
                    {
                        ["annotations"] = new JsonObject
                        {
                            [RestartedAtAnnotation] = KubeTime.Format(at),
                        },
                    },
                },
            },
        };
        return client.PatchAsync(workload, ns, name, patch, PatchType.Merge, cancellationToken);
    }
}
