using Amazon.Runtime;
using Azure;
using Azure.Identity;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Words a failed key operation as "provider: what with which key failed: HTTP status code". Only status codes,
/// service error codes and first lines of client-side messages are used, never request or response bodies, tokens
/// or key material.
/// </summary>
internal static class KeyFailure
{
    public static string Describe(string provider, string operation, string keyId, Exception error) =>
        $"{provider}: {operation} with key '{keyId}' failed: {Reason(provider, error)}";

    public static SecretsKitException Wrap(string provider, string keyId, Exception error) =>
        new((error as SecretsKitException)?.ExitCode ?? ExitCodes.Generic,
            Describe(provider, "encrypting the data key", keyId, error));

    private static string Reason(string provider, Exception error) => error switch
    {
        AmazonServiceException aws when aws.StatusCode != 0 => $"HTTP {(int)aws.StatusCode} {aws.ErrorCode}".TrimEnd(),
        RequestFailedException { Status: 0, InnerException: { } transport } => Reason(provider, transport), // no answer at all
        RequestFailedException azure => $"HTTP {azure.Status} {azure.ErrorCode}".TrimEnd(),
        CloudHttpException http => $"HTTP {http.Status} {http.ErrorCode}".TrimEnd(),
        AuthenticationFailedException or CredentialUnavailableException => "authentication failed: " + FirstLine(error.Message),
        ProviderException own when own.Provider == provider => own.Reason,
        SecretsKitException kit => kit.Message,
        HttpRequestException transport => "transport error: " + FirstLine(transport.Message),
        // Azure.Core's retries end in one exception per attempt ("Retry failed after N tries…"): the last one says why
        AggregateException { InnerExceptions.Count: > 0 } all =>
            $"{Reason(provider, all.InnerExceptions[^1])} (after {all.InnerExceptions.Count} attempts)",
        AmazonClientException aws => "AWS client: " + FirstLine(aws.Message),
        TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "timed out",
        FormatException => "the stored enc is not valid base64",
        _ => error.GetType().Name + ": " + FirstLine(error.Message),
    };

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
