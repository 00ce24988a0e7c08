namespace SecretsKit.Cloud.KeyService;

/// <summary>
/// A key service that could not be reached within <see cref="GrpcKeyServiceClient.ConnectTimeout"/>: the connect did not
/// complete, or the server accepted the connection and sent nothing. Thrown from the client's own connection code, so
/// the HTTP stack reports it as the inner cause of its failure; the message is the reason as the client states it.
/// </summary>
public sealed class KeyServiceUnreachableException(string message) : IOException(message);
