using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Events;

/// <summary>A Service Bus REST call failed: names the queue, the operation and the HTTP status (401: token or role; 410: no such queue).</summary>
public sealed class ServiceBusRequestException(string message, int? statusCode, Exception? inner = null)
    : SecretsKitException(ExitCodes.Generic, message,
        statusCode is 401 or 403 ? "grant the identity the role \"Azure Service Bus Data Receiver\" on the queue or namespace" : null, inner)
{
    /// <summary>The HTTP status, or null when no response arrived.</summary>
    public int? StatusCode { get; } = statusCode;
}
