using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// An error a key source (or the credentials it uses) words for itself, <c>provider: reason</c>, with both parts kept:
/// <see cref="KeyFailure"/> words a failed key operation as <c>provider: what with which key failed: reason</c> and takes
/// the reason of its own provider's error from here rather than from the message text.
/// </summary>
internal sealed class ProviderException(string provider, int exitCode, string reason, string? hint = null, Exception? inner = null)
    : SecretsKitException(exitCode, provider + ": " + reason, hint, inner)
{
    /// <summary>The provider's name as its messages start with it: a key source's metadata key (<c>kms</c>, <c>gcp_kms</c>, …).</summary>
    public string Provider { get; } = provider;

    /// <summary>The message without the leading <c>provider: </c>.</summary>
    public string Reason { get; } = reason;
}
