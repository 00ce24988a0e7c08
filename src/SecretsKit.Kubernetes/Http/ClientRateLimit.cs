namespace SecretsKit.Kubernetes.Http;

/// <summary>Requests per second and the burst a client may send after being idle (client-go's <c>QPS</c> and <c>Burst</c>); QPS 0 = no limit.</summary>
public sealed record ClientRateLimit(double Qps, int Burst);
