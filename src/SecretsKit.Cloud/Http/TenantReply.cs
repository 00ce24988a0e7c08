using System.Net;

namespace SecretsKit.Cloud.Http;

/// <summary>A tenant-named host's answer (<see cref="TenantHostClient"/>): status, reason phrase and the whole body, within its budget.</summary>
public sealed record TenantReply(HttpStatusCode Status, string? Reason, byte[] Body)
{
    /// <summary>The status as a number.</summary>
    public int Code => (int)Status;

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccess => Code is >= 200 and <= 299;
}
