using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// What every fake Google API shares: an OAuth token endpoint (<c>/token</c>) that accepts service-account JWT
/// assertions after checking their RS256 signature against the account's public key (and authorized-user refresh
/// tokens), bearer-token checks, and errors in Google's shape (<c>{"error":{"code","message","status"}}</c>).
/// </summary>
public abstract partial class FakeGcpServer : FakeHttpServer
{
    private readonly ConcurrentDictionary<string, RSA> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _scopes = new(StringComparer.Ordinal);

    /// <summary>Lifetime (<c>expires_in</c>) of tokens the token endpoint issues; default one hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public Uri TokenUri => new(BaseAddress, "/token");

    /// <summary>Registers a service account and returns its credentials JSON (the file <c>GOOGLE_APPLICATION_CREDENTIALS</c> names).</summary>
    public string CreateServiceAccount(string email = "sops@secretskit.iam.gserviceaccount.com")
    {
        var rsa = RSA.Create(2048);
        _accounts[email] = rsa;
        return new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = "secretskit",
            ["private_key_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = email,
            ["client_id"] = "1234567890",
            ["token_uri"] = TokenUri.ToString(),
        }.ToJsonString();
    }

    /// <summary>Registers a user refresh token and returns an <c>authorized_user</c> credentials JSON (gcloud's application default credentials).</summary>
    public string CreateAuthorizedUser()
    {
        var refresh = "1//fake-refresh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _refreshTokens[refresh] = "fake-client.apps.googleusercontent.com";
        return new JsonObject
        {
            ["type"] = "authorized_user",
            ["client_id"] = "fake-client.apps.googleusercontent.com",
            ["client_secret"] = "fake-client-secret",
            ["refresh_token"] = refresh,
            ["token_uri"] = TokenUri.ToString(),
        }.ToJsonString();
    }

    /// <summary>Accepts <paramref name="token"/> as a valid bearer token (as if from <c>GOOGLE_OAUTH_ACCESS_TOKEN</c>).</summary>
    public void AllowToken(string token) => _tokens[token] = DateTimeOffset.MaxValue;

    /// <summary>Makes every token issued so far invalid.</summary>
    public void RevokeAllTokens() => _tokens.Clear();

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
        var grant = form["grant_type"].ToString();
        string? scope = null;
        string? account = null;
        var accepted = grant switch
        {
            "urn:ietf:params:oauth:grant-type:jwt-bearer" => VerifyAssertion(form["assertion"].ToString(), out scope, out account),
            "refresh_token" => _refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var client)
                && client == form["client_id"] && form["client_secret"] == "fake-client-secret",
            _ => false,
        };
        RecordTokenCall(accepted);
        context.Response.ContentType = "application/json";
        if (!accepted)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}").ConfigureAwait(false);
            return;
        }
        var token = "ya29.fake-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = DateTimeOffset.UtcNow + TokenLifetime;
        if (scope is not null) _scopes[token] = scope;
        if (account is not null) _tokenAccounts[token] = account;
        await context.Response.WriteAsync(new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["token_type"] = "Bearer",
        }.ToJsonString()).ConfigureAwait(false);
    }

    /// <summary>An RS256 JWT from a registered account, for this token endpoint, with a scope, not expired.</summary>
    private bool VerifyAssertion(string jwt, out string? scope, out string? account)
    {
        scope = null;
        account = null;
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }
        try
        {
            var header = JsonNode.Parse(Base64UrlDecode(parts[0]))!.AsObject();
            var claims = JsonNode.Parse(Base64UrlDecode(parts[1]))!.AsObject();
            if (header["alg"]?.GetValue<string>() != "RS256"
                || !_accounts.TryGetValue(claims["iss"]?.GetValue<string>() ?? "", out var rsa)
                || claims["aud"]?.GetValue<string>() != TokenUri.ToString()
                || string.IsNullOrEmpty(claims["scope"]?.GetValue<string>())
                || claims["exp"]!.GetValue<long>() <= DateTimeOffset.UtcNow.ToUnixTimeSeconds()
                || claims["exp"]!.GetValue<long>() - claims["iat"]!.GetValue<long>() > 3600)
            {
                return false;
            }
            scope = claims["scope"]!.GetValue<string>();
            account = claims["iss"]!.GetValue<string>();
            return rsa.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64UrlDecode(parts[2]),
                HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + (4 - s.Length % 4) % 4, '='));
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault)
    {
        context.Response.StatusCode = fault.Status;
        return WriteErrorAsync(context, fault.Status, fault.Code ?? StatusName(fault.Status), "injected fault");
    }

    protected static Task WriteErrorAsync(HttpContext context, int status, string name, string message)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = name },
        }.ToJsonString());
    }

    protected static string StatusName(int status) => status switch
    {
        400 => "INVALID_ARGUMENT",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        429 => "RESOURCE_EXHAUSTED",
        503 => "UNAVAILABLE",
        _ => "INTERNAL",
    };

    /// <summary>A 200 JSON reply.</summary>
    protected static Task WriteOkAsync(HttpContext context, JsonNode body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    /// <summary>An error reply with the status code set and Google's error body.</summary>
    protected static Task WriteFailureAsync(HttpContext context, int status, string name, string message)
    {
        context.Response.StatusCode = status;
        return WriteErrorAsync(context, status, name, message);
    }

    /// <summary>
    /// Handles <c>POST /token</c> (OAuth), <c>POST /v1/token</c> (STS token exchange) and IAM Credentials'
    /// <c>generateAccessToken</c>; true when the request was for one of them.
    /// </summary>
    protected async Task<bool> TryHandleTokenAsync(HttpContext context)
    {
        if (context.Request.Method != "POST") return false;
        var path = context.Request.Path.Value ?? "";
        if (path == "/token") await TokenAsync(context).ConfigureAwait(false);
        else if (path == "/v1/token") await StsTokenAsync(context).ConfigureAwait(false);
        else if (path.StartsWith(IamCredentialsPrefix, StringComparison.Ordinal) && path.EndsWith(":signJwt", StringComparison.Ordinal))
        {
            await SignJwtAsync(context, Uri.UnescapeDataString(path[IamCredentialsPrefix.Length..^":signJwt".Length])).ConfigureAwait(false);
        }
        else if (path.StartsWith(IamCredentialsPrefix, StringComparison.Ordinal) && path.EndsWith(":generateAccessToken", StringComparison.Ordinal))
        {
            await GenerateAccessTokenAsync(context, Uri.UnescapeDataString(path[IamCredentialsPrefix.Length..^":generateAccessToken".Length])).ConfigureAwait(false);
        }
        else return false;
        return true;
    }

    /// <summary>Whether <paramref name="token"/> was issued (or allowed) here and has not expired: another fake of the same project may trust it.</summary>
    public bool HasIssued(string token) => _tokens.TryGetValue(token, out var expiry) && expiry > DateTimeOffset.UtcNow;

    /// <summary>Issues a bearer token this server accepts, for <paramref name="lifetime"/>, with its scopes.</summary>
    private string Issue(string prefix, TimeSpan lifetime, string scope)
    {
        var token = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        _tokens[token] = DateTimeOffset.UtcNow + lifetime;
        _scopes[token] = scope;
        return token;
    }

    /// <summary>Whether the request carries a bearer token this server issued (or allowed) and that has not expired.</summary>
    protected bool IsAuthorized(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            && _tokens.TryGetValue(authorization["Bearer ".Length..], out var expiry) && expiry > DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// The OAuth scopes (space-separated) a service account asked for when the request's bearer token was issued; null
    /// for a token of unknown scope (allowed, or from a refresh token, which carries the scopes of its grant).
    /// </summary>
    protected string? ScopeOf(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _scopes.TryGetValue(authorization["Bearer ".Length..], out var scope)
            ? scope
            : null;
    }

    /// <summary>Records a token-endpoint call in the subclass's call log.</summary>
    protected abstract void RecordTokenCall(bool accepted);
}
