using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.OnePassword.Http;

/// <summary>A failed Connect API call, worded as ESO's client words it (<c>status 404: …</c>); never carries the token or a field value.</summary>
internal sealed class ConnectException(string message) : SecretsKitException(ExitCodes.Generic, message)
{
    /// <summary>The status of an error answer (the JSON body's <c>status</c>, 0 when it has none); null for any other failure.</summary>
    public int? Status { get; init; }

    /// <summary>The error answer's own <c>message</c> (bounded); null for any other failure.</summary>
    public string? ServerMessage { get; init; }
}
