namespace SecretsKit.Kubernetes.Auth;

/// <summary>A fixed bearer token (kubeconfig <c>token</c>).</summary>
public sealed class StaticTokenCredentialSource(string token) : KubeCredentialSource
{
    private readonly KubeCredential _credential = new(token);

    public override ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credential);
}
