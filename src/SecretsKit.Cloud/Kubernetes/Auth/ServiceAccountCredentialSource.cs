using SecretsKit.Kubernetes.Auth;

namespace SecretsKit.Cloud.Kubernetes.Auth;

/// <summary>
/// The bearer token of a ServiceAccount a store names (<c>auth.serviceAccount</c>), minted with the TokenRequest API
/// by <paramref name="mint"/> (which caches it until near expiry) for every request's credential.
/// </summary>
internal sealed class ServiceAccountCredentialSource(Func<CancellationToken, Task<string>> mint) : KubeCredentialSource
{
    public override async ValueTask<KubeCredential> GetAsync(CancellationToken cancellationToken) =>
        new(await mint(cancellationToken).ConfigureAwait(false));
}
