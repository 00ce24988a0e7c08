using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Aws.Http;

/// <summary>An AWS JSON-protocol call failed: provider, operation, HTTP status, AWS error type and AWS's message.</summary>
public sealed class AwsServiceException(string provider, string operation, int statusCode, string? errorType, string? awsMessage, Exception? inner = null)
    : SecretsKitException(ExitCodes.Generic,
        $"{provider}: {operation} failed: HTTP {statusCode}{(errorType is null ? "" : " " + errorType)}{(string.IsNullOrEmpty(awsMessage) ? "" : ": " + awsMessage)}",
        statusCode is 401 or 403 || errorType is "AccessDeniedException" or "UnrecognizedClientException" or "InvalidSignatureException"
            ? "check the AWS credentials, region and IAM permissions"
            : null,
        inner),
      IThrottlingError
{
    public int StatusCode { get; } = statusCode;

    /// <summary>The AWS error code (<c>ResourceNotFoundException</c>, <c>ParameterNotFound</c>, …), or null.</summary>
    public string? ErrorType { get; } = errorType;

    /// <summary>HTTP 429 or one of AWS's throttling error types.</summary>
    public bool IsThrottled => StatusCode == 429 || SecretsKit.Cloud.Http.RetryClassifier.IsThrottlingType(ErrorType);

    /// <summary>The <c>Retry-After</c> of the final response, when AWS sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
