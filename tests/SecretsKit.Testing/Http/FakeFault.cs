namespace SecretsKit.Testing.Http;

/// <summary>
/// A fault to inject into a fake server's next matching call(s) (<see cref="FakeHttpServer.InjectFault"/>). The fake
/// answers it in its provider's error shape; <see cref="Code"/> replaces the provider's default error code for the kind.
/// </summary>
public sealed record FakeFault(FakeFaultKind Kind, TimeSpan? RetryAfter = null, TimeSpan Delay = default, string? Code = null, Task? Release = null)
{
    /// <summary>The HTTP status the fault answers with: 500, 429, 400 (AWS-style throttling), 403; 0 for latency.</summary>
    public int Status => Kind switch
    {
        FakeFaultKind.ServerError => 500,
        FakeFaultKind.TooManyRequests => 429,
        FakeFaultKind.Throttling => 400,
        FakeFaultKind.Forbidden => 403,
        _ => 0,
    };

    public static FakeFault ServerError(string? code = null) => new(FakeFaultKind.ServerError, Code: code);

    public static FakeFault TooManyRequests(TimeSpan? retryAfter = null, string? code = null) => new(FakeFaultKind.TooManyRequests, retryAfter, Code: code);

    public static FakeFault Throttling(string? code = null) => new(FakeFaultKind.Throttling, Code: code);

    public static FakeFault Forbidden(string? code = null) => new(FakeFaultKind.Forbidden, Code: code);

    public static FakeFault Latency(TimeSpan delay) => new(FakeFaultKind.Latency, Delay: delay);

    /// <summary>Holds the call until <paramref name="release"/> completes, then answers it normally (a race made deterministic).</summary>
    public static FakeFault Held(Task release) => new(FakeFaultKind.Held, Release: release);
}
