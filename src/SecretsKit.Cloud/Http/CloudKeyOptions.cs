using Azure.Core;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Knobs for the cloud key sources. Production leaves everything at its default (credentials and endpoints come from
/// the <see cref="Core.Keys.KeySourceContext"/> environment); tests inject a handler that trusts their test CA, a
/// credential, and short retry delays.
/// </summary>
public sealed record CloudKeyOptions
{
    /// <summary>Handler used for every HTTP call (AWS SDK, GCP REST, Azure pipeline); null = the platform default.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>An Azure credential to use instead of the one built from the environment.</summary>
    public TokenCredential? AzureCredential { get; init; }

    /// <summary>Timeout of one HTTP attempt (default 30 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on 5xx, 429 and throttling (default 4).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>Base delay of the jittered exponential backoff (default 800 ms). A server's Retry-After wins.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Upper bound of one backoff delay, including a server's Retry-After (default 30 s).</summary>
    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The Azure Arc agent's token directory, the only place an Arc challenge may name a key file in; null = the
    /// platform's (<c>/var/opt/azcmagent/tokens</c> on Linux). Tests point it at a directory of their own.
    /// </summary>
    public string? AzureArcTokenDirectory { get; init; }

    public static CloudKeyOptions Default { get; } = new();

    /// <summary>
    /// These knobs as the policy of <see cref="Http.ResilientHttpHandler"/> (used by the hand-written REST clients: GCP KMS,
    /// STS, Vault transit when options are given). A server's Retry-After up to <see cref="RetryMaxDelay"/> is honoured.
    /// </summary>
    internal Http.CloudRetryOptions ToRetryOptions(TimeProvider time) => new()
    {
        MaxRetries = MaxRetries,
        BaseDelay = RetryBaseDelay,
        MaxDelay = RetryMaxDelay < RetryBaseDelay ? RetryBaseDelay : RetryMaxDelay,
        MaxRetryAfter = RetryMaxDelay,
        AttemptTimeout = RequestTimeout,
        TimeProvider = time,
    };

    /// <summary>An HttpClient whose calls go through the retry policy to <see cref="HttpHandler"/> (or a new socket handler).</summary>
    internal HttpClient CreateRetryingClient(TimeProvider time, Func<HttpMessageHandler, HttpMessageHandler>? below = null)
    {
#pragma warning disable CA2000 // the handler chain is owned by the returned HttpClient
        HttpMessageHandler transport = HttpHandler is null ? new SocketsHttpHandler() : new SharedHandler(HttpHandler);
        var inner = below is null ? transport : below(transport);
        return new HttpClient(new Http.ResilientHttpHandler(ToRetryOptions(time), inner)) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
    }
}
