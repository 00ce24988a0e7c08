using Azure.Core;

namespace SecretsKit.Cloud;

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

    public static CloudKeyOptions Default { get; } = new();
}
