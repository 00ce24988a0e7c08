using System.Net;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>409 Conflict: the resourceVersion (or a precondition, or an apply field owner) no longer matches.</summary>
public sealed class KubernetesConflictException(string operation, KubeStatus? status)
    : KubernetesApiException(HttpStatusCode.Conflict, operation, status);
