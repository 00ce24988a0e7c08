using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace SecretsKit.Cloud.Azure.Http;

/// <summary>
/// Key Vault's bearer-challenge authentication, as the Key Vault SDKs do it: the first request to a vault goes out
/// without a token; its <c>401</c> carries <c>WWW-Authenticate: Bearer authorization="…/&lt;tenant&gt;",
/// resource="…"</c> (or <c>scope="…"</c>); a token for that scope and tenant is then fetched and the request resent.
/// The scope is remembered per vault; a 401 on an authorized request re-runs the challenge once. Tokens are only
/// ever sent over HTTPS to a host the challenge's resource covers.
/// </summary>
internal sealed partial class KeyVaultChallengeAuthenticationPolicy(TokenCredential credential, TimeProvider time) : HttpPipelinePolicy
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<string, Challenge> _challenges = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Challenge, AccessToken> _tokens = new();

    private sealed record Challenge(string Scope, string? TenantId);

    [GeneratedRegex(@"(\w+)=""([^""]*)""")]
    private static partial Regex ChallengeParameter();

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessCoreAsync(message, pipeline, async: false).AsTask().GetAwaiter().GetResult();

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessCoreAsync(message, pipeline, async: true);

    private async ValueTask ProcessCoreAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        var uri = message.Request.Uri.ToUri();
        if (uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"azure_kv: refusing to authenticate to '{uri.GetLeftPart(UriPartial.Authority)}' over plain HTTP");
        }
        var vault = uri.Authority;
        var authorized = false;
        if (_challenges.TryGetValue(vault, out var known))
        {
            await AuthorizeAsync(message, known, forceRefresh: false, async).ConfigureAwait(false);
            authorized = true;
        }
        await SendAsync(message, pipeline, async).ConfigureAwait(false);

        if (message.Response.Status != 401 || !TryParse(message.Response, uri, out var challenge))
        {
            return;
        }
        _challenges[vault] = challenge;
        await AuthorizeAsync(message, challenge, forceRefresh: authorized, async).ConfigureAwait(false);
        await SendAsync(message, pipeline, async).ConfigureAwait(false);
    }

    private static ValueTask SendAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline, bool async)
    {
        if (async)
        {
            return ProcessNextAsync(message, pipeline);
        }
        ProcessNext(message, pipeline);
        return ValueTask.CompletedTask;
    }

    private async ValueTask AuthorizeAsync(HttpMessage message, Challenge challenge, bool forceRefresh, bool async)
    {
        if (forceRefresh || !_tokens.TryGetValue(challenge, out var token) || token.ExpiresOn - RefreshMargin <= time.GetUtcNow())
        {
            var context = new TokenRequestContext([challenge.Scope], tenantId: challenge.TenantId);
            token = async
                ? await credential.GetTokenAsync(context, message.CancellationToken).ConfigureAwait(false)
                : credential.GetToken(context, message.CancellationToken);
            _tokens[challenge] = token;
        }
        message.Request.Headers.SetValue(HttpHeader.Names.Authorization, "Bearer " + token.Token);
    }

    private static bool TryParse(Response response, Uri requestUri, out Challenge challenge)
    {
        challenge = null!;
        if (!response.Headers.TryGetValue("WWW-Authenticate", out var header)
            || !header.TrimStart().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        var parameters = ChallengeParameter().Matches(header)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.OrdinalIgnoreCase);
        var scope = parameters.GetValueOrDefault("scope")
            ?? (parameters.GetValueOrDefault("resource") is { Length: > 0 } resource ? resource.TrimEnd('/') + "/.default" : null);
        if (scope is null || !Uri.TryCreate(scope, UriKind.Absolute, out var scopeUri)
            || !(requestUri.Host.Equals(scopeUri.Host, StringComparison.OrdinalIgnoreCase)
                 || requestUri.Host.EndsWith("." + scopeUri.Host, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                $"azure_kv: the authentication challenge from '{requestUri.Host}' names a resource outside that host; refusing to send it a token");
        }
        var authority = parameters.GetValueOrDefault("authorization") ?? parameters.GetValueOrDefault("authorization_uri");
        string? tenant = null;
        if (authority is not null && Uri.TryCreate(authority, UriKind.Absolute, out var authorityUri))
        {
            tenant = authorityUri.Segments.LastOrDefault()?.Trim('/') is { Length: > 0 } t ? t : null;
        }
        challenge = new Challenge(scope, tenant);
        return true;
    }
}
