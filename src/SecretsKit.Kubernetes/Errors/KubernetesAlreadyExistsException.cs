using System.Net;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>409 AlreadyExists: a create found an object with that name.</summary>
public sealed class KubernetesAlreadyExistsException(string operation, KubeStatus? status)
    : KubernetesApiException(HttpStatusCode.Conflict, operation, status);
