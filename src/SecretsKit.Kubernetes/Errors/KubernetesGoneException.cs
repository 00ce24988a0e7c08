using System.Net;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>410 Gone (or an ERROR watch event with code 410): the resourceVersion or continue token expired; relist.</summary>
public sealed class KubernetesGoneException(string operation, KubeStatus? status)
    : KubernetesApiException(HttpStatusCode.Gone, operation, status);
