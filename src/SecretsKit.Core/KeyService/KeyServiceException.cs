namespace SecretsKit.Core.KeyService;

/// <summary>A key service call that ended with a gRPC status other than OK; the message never holds key material.</summary>
public sealed class KeyServiceException(GrpcStatusCode status, string message) : Exception(message)
{
    public GrpcStatusCode Status { get; } = status;
}
