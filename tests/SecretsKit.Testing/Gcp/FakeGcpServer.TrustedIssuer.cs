using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>Bearer tokens another fake issued: one service account for several Google APIs, each its own fake.</summary>
public abstract partial class FakeGcpServer
{
    private FakeGcpServer? _trustedIssuer;

    /// <summary>Also accepts the bearer tokens <paramref name="issuer"/> issued (one service account for every API).</summary>
    public void TrustTokensOf(FakeGcpServer issuer) => _trustedIssuer = issuer;

    /// <summary>
    /// Answers the token endpoints, an injected fault, or 401 for a bearer token neither this fake nor the trusted issuer
    /// issued; true when the request was answered so.
    /// </summary>
    protected async Task<bool> TryAnswerBeforeApiAsync(HttpContext context, string operation)
    {
        if (await TryHandleTokenAsync(context).ConfigureAwait(false)) return true;
        if (await TryApplyFaultAsync(context, operation).ConfigureAwait(false)) return true;
        var bearer = context.Request.Headers.Authorization.ToString();
        if (IsAuthorized(context) || (bearer.StartsWith("Bearer ", StringComparison.Ordinal) && _trustedIssuer?.HasIssued(bearer["Bearer ".Length..]) == true)) return false;
        await WriteFailureAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
        return true;
    }
}
