using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.OnePassword.Http;

/// <summary>A failed Connect API call, worded as ESO's client words it (<c>status 404: …</c>); never carries the token or a field value.</summary>
internal sealed class ConnectException(string message) : SecretsKitException(ExitCodes.Generic, message);
