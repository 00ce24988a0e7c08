namespace SecretsKit.Cloud.Http;

/// <summary>A non-success reply of a hand-written REST call: HTTP status plus the service's error code (no body text).</summary>
internal sealed class CloudHttpException(int status, string errorCode)
    : Exception($"HTTP {status} {errorCode}".TrimEnd())
{
    public int Status { get; } = status;

    public string ErrorCode { get; } = errorCode;
}
