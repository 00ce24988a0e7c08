using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Http;

/// <summary>A Secret Manager call failed: HTTP status and Google's status name (<c>NOT_FOUND</c>, <c>ALREADY_EXISTS</c>, …).</summary>
public sealed class GcpSecretManagerException(string what, int status, string statusName)
    : SecretsKitException(ExitCodes.Generic, $"gcpsm: {what} failed: HTTP {status} {statusName}".TrimEnd())
{
    public int Status { get; } = status;

    public string StatusName { get; } = statusName;
}
