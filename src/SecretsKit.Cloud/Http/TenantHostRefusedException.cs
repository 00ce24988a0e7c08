namespace SecretsKit.Cloud.Http;

/// <summary>
/// A connection the agent would not open: every address the host resolves to is one its <see cref="TenantHostPolicy"/>
/// refuses. Thrown from the connect step, so the handler reports it as the request's failure (an <see cref="HttpRequestException"/>
/// whose inner exception is this one).
/// </summary>
public sealed class TenantHostRefusedException(string message) : HttpRequestException(HttpRequestError.ConnectionError, message);
