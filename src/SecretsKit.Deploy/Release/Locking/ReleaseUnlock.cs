using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Kubernetes.Coordination;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Deploy.Release.Locking;

/// <summary>
/// <c>secretskit release -e ENV unlock</c>: on each kube context of the environment, prints who holds its release lock
/// and since when, then clears the holder (a run that still renews it then stops before its next helm call).
/// </summary>
public static class ReleaseUnlock
{
    public static async Task<int> RunAsync(ClusterConnections clusters, IEnumerable<string> contexts, string environment, ReleaseLockSettings settings,
        TimeProvider time, Action<string> writeOut, CancellationToken cancellationToken)
    {
        var name = ReleaseLock.LeaseName(environment);
        foreach (var context in contexts.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var elector = new LeaderElector(clusters.Client(context), new LeaderElectionConfig(settings.Namespace, name, "unlock"), time);
            var before = await ClearAsync(elector, cancellationToken);
            writeOut(before is null || string.IsNullOrEmpty(before.HolderIdentity)
                ? $"{name} (namespace {settings.Namespace}, context {context}): not held\n"
                : $"{name} (namespace {settings.Namespace}, context {context}): was held by {ReleaseLock.Describe(before)}; cleared\n");
        }
        return 0;
    }

    /// <summary>Clears the Lease, reading it again when its holder renewed it between the read and the write.</summary>
    private static async Task<V1LeaseSpec?> ClearAsync(LeaderElector elector, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await elector.ClearAsync(cancellationToken);
            }
            catch (KubernetesConflictException) when (attempt < 10)
            {
                // renewed meanwhile: read it again
            }
        }
    }
}
