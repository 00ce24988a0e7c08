using Amazon.Runtime;
using Azure;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud;

/// <summary>
/// Words a failed key operation as "provider: what with which key failed: HTTP status code". Only status codes,
/// service error codes and transport messages are used, never request or response bodies, tokens or key material.
/// </summary>
internal static class KeyFailure
{
    public static string Describe(string provider, string operation, string keyId, Exception error) =>
        $"{provider}: {operation} with key '{keyId}' failed: {Reason(error)}";

    public static SecretsKitException Wrap(string provider, string keyId, Exception error) =>
        error as SecretsKitException
        ?? new SecretsKitException(ExitCodes.Generic, Describe(provider, "encrypting the data key", keyId, error), inner: null);

    private static string Reason(Exception error) => error switch
    {
        AmazonServiceException aws => $"HTTP {(int)aws.StatusCode} {aws.ErrorCode}".TrimEnd(),
        RequestFailedException azure => $"HTTP {azure.Status} {azure.ErrorCode}".TrimEnd(),
        CloudHttpException http => $"HTTP {http.Status} {http.ErrorCode}".TrimEnd(),
        SecretsKitException kit => kit.Message,
        HttpRequestException transport => "transport error: " + transport.Message,
        TimeoutException or OperationCanceledException or Polly.Timeout.TimeoutRejectedException => "timed out",
        FormatException => "the stored enc is not valid base64",
        _ => error.GetType().Name + ": " + error.Message,
    };
}
