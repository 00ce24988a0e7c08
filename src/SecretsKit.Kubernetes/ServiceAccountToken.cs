namespace SecretsKit.Kubernetes;

/// <summary>A token the API server minted for a ServiceAccount (TokenRequest). <see cref="ToString"/> never shows the token.</summary>
public sealed class ServiceAccountToken(string token, DateTimeOffset expiresAt)
{
    /// <summary>The signed JWT. Keep it in memory only.</summary>
    public string Token { get; } = token;

    /// <summary><c>status.expirationTimestamp</c>.</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"ServiceAccount token (expires {ExpiresAt:O})";
}
