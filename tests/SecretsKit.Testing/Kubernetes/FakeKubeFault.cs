namespace SecretsKit.Testing.Kubernetes;

/// <summary>An injected failure: requests whose method (null = any) and path-with-query contain <see cref="PathContains"/> get <see cref="StatusCode"/> for the next <see cref="Remaining"/> times.</summary>
public sealed class FakeKubeFault(string? method, string pathContains, int statusCode, int times, int? retryAfterSeconds, string? userAgentContains = null)
{
    public string? Method { get; } = method;

    public string PathContains { get; } = pathContains;

    public int StatusCode { get; } = statusCode;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;

    /// <summary>Only requests whose User-Agent contains this (one client of several) fail; null = any client.</summary>
    public string? UserAgentContains { get; } = userAgentContains;

    /// <summary>Sends Retry-After as an HTTP date instead of seconds (RFC 9110 allows both; set before the fault fires).</summary>
    public DateTimeOffset? RetryAfterDate { get; set; }

    public int Remaining { get; internal set; } = times;

    /// <summary>Stops the fault from firing again.</summary>
    public void Clear() => Remaining = 0;

    internal bool Matches(string requestMethod, string path, string userAgent) =>
        Remaining > 0
        && (Method is null || string.Equals(Method, requestMethod, StringComparison.OrdinalIgnoreCase))
        && (UserAgentContains is null || userAgent.Contains(UserAgentContains, StringComparison.Ordinal))
        && path.Contains(PathContains, StringComparison.Ordinal);
}
