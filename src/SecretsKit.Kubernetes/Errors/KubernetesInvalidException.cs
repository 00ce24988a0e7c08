using System.Net;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>422 Invalid: validation failed; <see cref="Causes"/> lists the fields.</summary>
public sealed class KubernetesInvalidException(string operation, KubeStatus? status)
    : KubernetesApiException(HttpStatusCode.UnprocessableEntity, operation, status)
{
    public IReadOnlyList<KubeStatusCause> Causes => Status?.Details?.Causes ?? [];
}
