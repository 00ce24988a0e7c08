namespace SecretsKit.Kubernetes.Auth;

/// <summary>Supplies the credential for each request (bearer token and/or client certificate), refreshing as needed.</summary>
public abstract class KubeCredentialSource
{
    public abstract ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken);

    /// <summary>Called after a 401: the next <see cref="GetAsync"/> must not serve the cached credential.</summary>
    public virtual void Invalidate()
    {
    }
}
