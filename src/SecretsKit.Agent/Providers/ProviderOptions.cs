using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Providers;

/// <summary>Agent-wide provider client settings (retries, endpoint overrides for private endpoints and tests).</summary>
internal sealed record ProviderOptions
{
    /// <summary>Endpoint override per service (<c>SecretsManager</c>, <c>ParameterStore</c> as ESO's AWS_*_ENDPOINT variables; <c>gcpsm</c>).</summary>
    public IReadOnlyDictionary<string, Uri> AwsEndpoints { get; init; } = new Dictionary<string, Uri>();

    /// <summary>Retry policy of the HTTP clients. The agent retries on its own schedule, so keep this short.</summary>
    public CloudRetryOptions Retry { get; init; } = new() { MaxRetries = 1 };

    /// <summary>Entra ID authority for <c>azurekv</c> stores (sovereign or private clouds, tests); null = Azure public cloud.</summary>
    public Uri? AzureAuthorityHost { get; init; }

    /// <summary>Azure client options (transport, retries).</summary>
    public CloudKeyOptions Azure { get; init; } = new() { MaxRetries = 1 };

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ProviderContext ToContext() => new()
    {
        Endpoints = AwsEndpoints,
        Retry = Retry,
        AzureAuthorityHost = AzureAuthorityHost,
        Azure = Azure,
        Time = Time,
    };
}
