namespace SecretsKit.Deploy.Release.Locking;

/// <summary>
/// Where and how long a run holds an environment's release lock (the promotion file's <c>lock:</c>): a
/// <c>coordination.k8s.io/v1</c> Lease in <see cref="Namespace"/>, taken over when not renewed for <see cref="Ttl"/>,
/// waited for up to <see cref="Wait"/> when another run holds it.
/// </summary>
public sealed record ReleaseLockSettings(string Namespace, TimeSpan Ttl, TimeSpan Wait)
{
    /// <summary>The namespace the lock's Lease and the release records live in when none is named.</summary>
    public const string DefaultNamespace = "secretskit-system";

    public static ReleaseLockSettings Default { get; } = new(DefaultNamespace, TimeSpan.FromSeconds(60), TimeSpan.Zero);
}
