using System.Net;

namespace SecretsKit.Kubernetes.Errors;

/// <summary>429: throttled; <see cref="KubernetesApiException.RetryAfter"/> says how long to wait.</summary>
public sealed class KubernetesTooManyRequestsException(string operation, KubeStatus? status, TimeSpan? retryAfter)
    : KubernetesApiException(HttpStatusCode.TooManyRequests, operation, status, retryAfter);
