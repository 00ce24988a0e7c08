using System.Net;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>404: the object (or namespace, or resource type) does not exist.</summary>
public sealed class KubernetesNotFoundException(string operation, KubeStatus? status)
    : KubernetesApiException(HttpStatusCode.NotFound, operation, status);
