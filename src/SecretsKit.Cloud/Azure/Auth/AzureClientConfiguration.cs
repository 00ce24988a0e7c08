using Azure.Core;
using Azure.Core.Pipeline;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>Applies <see cref="CloudKeyOptions"/> to any Azure SDK options object: transport, retries, timeouts.</summary>
internal static class AzureClientConfiguration
{
    public static T Apply<T>(T clientOptions, CloudKeyOptions options) where T : ClientOptions
    {
        if (options.HttpHandler is { } handler)
        {
#pragma warning disable CA2000 // owned by the transport (Azure client options); the caller's handler is not disposed
            clientOptions.Transport = new HttpClientTransport(new HttpClient(handler, disposeHandler: false));
#pragma warning restore CA2000
        }
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = options.RetryBaseDelay;
        clientOptions.Retry.MaxDelay = options.RetryMaxDelay;
        clientOptions.Retry.NetworkTimeout = options.RequestTimeout;
        clientOptions.RetryPolicy = new NoRetryOnUnresolvedName(options.MaxRetries, options.RetryBaseDelay, options.RetryMaxDelay);
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        return clientOptions;
    }
}
