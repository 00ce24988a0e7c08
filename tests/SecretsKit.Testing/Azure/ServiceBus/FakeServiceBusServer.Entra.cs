using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Azure.ServiceBus;

/// <summary>
/// The fake's Entra ID: the client-credentials grant at <c>https://LoginHost/{tenant}/oauth2/v2.0/token</c> for
/// registered clients. Each token remembers the audience it was asked for (the scope without <c>/.default</c>), so
/// the queue endpoints can refuse a token meant for another service, as Service Bus does.
/// </summary>
public sealed partial class FakeServiceBusServer
{
    private readonly ConcurrentDictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Audience, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _scopes = new();

    /// <summary>Host name of the directory (token endpoint).</summary>
    public const string LoginHost = "login.servicebus.localhost";

    public string TenantId { get; } = "5b4a3c2d-secretskit-tenant";

    /// <summary>The value for <c>AZURE_AUTHORITY_HOST</c>.</summary>
    public string AuthorityHost => $"https://{LoginHost}:{BaseAddress.Port}/";

    /// <summary>Lifetime of issued tokens. <value>Default 1 hour.</value></summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Scopes requested at the token endpoint, in order.</summary>
    public IReadOnlyList<string> RequestedScopes => _scopes.ToArray();

    /// <summary>
    /// Another directory whose tokens are accepted too (as one Entra ID tenant serves Key Vault and Service Bus): the
    /// audience of a live token it issued, or null. <value>Default none.</value>
    /// </summary>
    public Func<string, string?>? TrustedIssuer { get; set; }

    /// <summary>Registers a service principal for the client-credentials grant.</summary>
    public void AddClient(string clientId, string clientSecret) => _clients[clientId] = clientSecret;

    /// <summary>Issues a token for <paramref name="audience"/> directly.</summary>
    public string IssueToken(string audience = ServiceBusAudience, TimeSpan? lifetime = null)
    {
        var token = "eyJ0eXAiOiJKV1QifQ.sb." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = (audience, _time.GetUtcNow() + (lifetime ?? TokenLifetime));
        return token;
    }

    /// <summary>Makes every token issued so far expired.</summary>
    public void ExpireAllTokens()
    {
        foreach (var (token, value) in _tokens) _tokens[token] = value with { Expires = DateTimeOffset.MinValue };
    }

    /// <summary>Null when the bearer token is valid for this namespace, else Service Bus's 401 detail.</summary>
    private string? RefusedToken(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return "MissingToken: The authorization header was not found.";
        var bearer = authorization["Bearer ".Length..];
        if (!_tokens.TryGetValue(bearer, out var token))
        {
            if (TrustedIssuer?.Invoke(bearer) is not { } audience) return "InvalidSignature: The token has an invalid signature.";
            token = (audience, DateTimeOffset.MaxValue);
        }
        if (token.Expires <= _time.GetUtcNow()) return "ExpiredToken: The token is expired.";
        return token.Audience is ServiceBusAudience || token.Audience == $"https://{NamespaceHost}"
            ? null : $"InvalidAudience: The provided token is not valid for audience '{token.Audience}'.";
    }

    private async Task TokenAsync(HttpContext context, string tenant)
    {
        var form = await context.Request.ReadFormAsync();
        var scope = form["scope"].ToString();
        _scopes.Enqueue(scope);
        var ok = tenant == TenantId && form["grant_type"] == "client_credentials"
            && _clients.TryGetValue(form["client_id"].ToString(), out var secret) && secret == form["client_secret"]
            && scope.EndsWith("/.default", StringComparison.Ordinal);
        context.Response.ContentType = "application/json";
        if (!ok)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsync(new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." }.ToJsonString());
            return;
        }
        var seconds = (int)TokenLifetime.TotalSeconds;
        await context.Response.WriteAsync(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["access_token"] = IssueToken(scope[..^"/.default".Length]),
        }.ToJsonString());
    }
}
