namespace SecretsKit.Cloud.Aws.Auth;

/// <summary>One <c>GetSessionToken</c>: an optional duration, and the MFA device (<c>SerialNumber</c>) with its current code.</summary>
public sealed record GetSessionTokenRequest
{
    public int? DurationSeconds { get; init; }

    public string? SerialNumber { get; init; }

    public string? TokenCode { get; init; }
}
