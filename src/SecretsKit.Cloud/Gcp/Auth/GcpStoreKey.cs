using System.Text.Json;
using SecretsKit.Cloud.Providers;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// A Google service account key read from a store's Secret (<c>secretAccessKeySecretRef</c>, tenant input) as a token
/// source. The Secret's value is the key's JSON itself, never a path: the agent does not read a file a tenant names (it
/// could be the agent's own mounted key). And its <c>token_uri</c>, where the signed JWT is sent, must be the operator's
/// Google token endpoint (<see cref="GcpEndpoints.IsTokenUri"/>), never a host the key picks.
/// </summary>
internal static class GcpStoreKey
{
    public static GcpTokenSource Tokens(ProviderSpec spec, string key, string field, HttpClient http)
    {
        if (!key.TrimStart().StartsWith('{'))
        {
            throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey, $"store {spec.StoreName}: {field}: the Secret must hold a service account key's JSON (a file path is not read)");
        }
        string? tokenUri = null;
        try
        {
            tokenUri = JsonSerializer.Deserialize(key, GcpJsonContext.Default.GcpCredentialsFile)?.TokenUri;
        }
        catch (JsonException)
        {
            // FromJson says the key is not usable
        }
        var endpoints = spec.Context.Setting<GcpEndpoints>();
        if (!string.IsNullOrEmpty(tokenUri) && !endpoints.IsTokenUri(tokenUri))
        {
            throw new SecretsKitException(ExitCodes.CouldNotRetrieveKey, $"store {spec.StoreName}: {field}: the key's token_uri '{Echo.Bounded(tokenUri, 80)}' is not "
                + $"Google's token endpoint ({endpoints.OAuth2TokenUri}); a key's signed token request goes only there");
        }
        return GcpCredentialResolver.FromJson(key, field, http, spec.Context.Ambient.Time, GcpServiceAccountJwt.CloudPlatformScope);
    }
}
