namespace SecretsKit.Testing.Kubernetes;

/// <summary>One request the fake served, for assertions: method, path, query, content type, status code and user agent.</summary>
public sealed record FakeKubeRequest(string Method, string Path, string Query, string? ContentType, int StatusCode, string? UserAgent);
