namespace SecretsKit.Testing.Http;

/// <summary>What a fake server does instead of (or before) answering normally.</summary>
public enum FakeFaultKind
{
    /// <summary>HTTP 500 with the provider's error shape.</summary>
    ServerError,

    /// <summary>HTTP 429, with <c>Retry-After</c> when <see cref="FakeFault.RetryAfter"/> is set.</summary>
    TooManyRequests,

    /// <summary>AWS-style throttling: HTTP 400 <c>ThrottlingException</c>.</summary>
    Throttling,

    /// <summary>HTTP 403 (denied / bad signature) with the provider's error shape.</summary>
    Forbidden,

    /// <summary>Waits <see cref="FakeFault.Delay"/>, then answers normally.</summary>
    Latency,

    /// <summary>Waits until <see cref="FakeFault.Release"/> completes, then answers normally.</summary>
    Held,
}
