using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Vault.Events;

/// <summary>
/// The server answered the event subscription with 404 or 405: it offers no event notifications (Vault Community,
/// or Enterprise older than 1.16). Reconnecting will not help until the server changes.
/// </summary>
public sealed class VaultEventsUnavailableException(string message, int statusCode)
    : SecretsKitException(ExitCodes.Generic, message, "event notifications need Vault Enterprise 1.16 or later")
{
    /// <summary>The status of the refused upgrade.</summary>
    public int StatusCode { get; } = statusCode;
}
