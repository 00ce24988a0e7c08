namespace SecretsKit.Core.KeyService;

/// <summary>A key service call that ended with a gRPC status other than OK; the message never holds key material.</summary>
public sealed class KeyServiceException(GrpcStatusCode status, string message) : Exception(message)
{
    public GrpcStatusCode Status { get; } = status;

    /// <summary>The key service a client's message names (its own wording of the failure); null while not yet worded so.</summary>
    public string? Service { get; init; }
}
