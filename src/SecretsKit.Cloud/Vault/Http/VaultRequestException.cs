using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Vault.Http;

/// <summary>A Vault call failed: names the server, the operation and path, the HTTP status and Vault's own errors.</summary>
public sealed class VaultRequestException(string message, int? statusCode, Exception? inner = null)
    : SecretsKitException(ExitCodes.Generic, message, statusCode == 403 ? "check the Vault token (VAULT_TOKEN, ~/.vault-token) or the auth role's policies" : null, inner),
      IThrottlingError
{
    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>Vault answers 429 when a rate-limit quota is exceeded.</summary>
    public bool IsThrottled => StatusCode == 429;

    /// <summary>The <c>Retry-After</c> of the final response, when Vault sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
