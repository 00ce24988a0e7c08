using Azure.Core;
using Azure.Identity;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Azure.Auth;

/// <summary>
/// A credential whose refusal by Entra ID is one line the user can act on (<c>azurekv: Entra ID refused the token
/// exchange: AADSTS70021: …</c>) instead of the SDK's multi-line exception, which callers would only name by type.
/// </summary>
internal sealed class OneLineCredential(TokenCredential inner, string what) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        try
        {
            return inner.GetToken(requestContext, cancellationToken);
        }
        catch (AuthenticationFailedException e)
        {
            throw Refused(e);
        }
    }

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.GetTokenAsync(requestContext, cancellationToken);
        }
        catch (AuthenticationFailedException e)
        {
            throw Refused(e);
        }
    }

    private SecretsKitException Refused(AuthenticationFailedException e)
    {
        // the SDK's message is "<Credential> authentication failed: AADSTS…" followed by trace ids and a troubleshooting link
        var text = (e.InnerException?.Message ?? e.Message).Split('\n')[0].Trim();
        var aadsts = text.IndexOf("AADSTS", StringComparison.Ordinal);
        var reason = Echo.Bounded(aadsts >= 0 ? text[aadsts..] : text);
        return new SecretsKitException(ExitCodes.Generic, $"azurekv: Entra ID refused the {what}: {reason}", null, e);
    }
}
