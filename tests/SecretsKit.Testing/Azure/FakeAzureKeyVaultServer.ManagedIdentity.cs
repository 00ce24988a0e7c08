using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Azure;

/// <summary>
/// A managed identity token the fake gave: the identity (client id, or <c>system</c>), the resource, and the source that
/// gave it (<c>imds</c>; <c>appservice</c>, <c>servicefabric</c> or <c>arc</c> for the <c>IDENTITY_ENDPOINT</c> ones).
/// </summary>
public sealed record AzureManagedIdentityLogin(string Identity, string Resource, string Source = "imds");

public sealed partial class FakeAzureKeyVaultServer
{
    private readonly ConcurrentDictionary<string, byte> _managedIdentities = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AzureManagedIdentityLogin> _managedLogins = new();

    /// <summary>The value for <c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c>: this server's instance metadata service.</summary>
    public string ImdsEndpoint => AuthorityHost;

    /// <summary>The value for <c>IDENTITY_ENDPOINT</c>: this server's App Service identity endpoint.</summary>
    public string IdentityEndpoint => AuthorityHost + "msi/token";

    /// <summary>The value for <c>IDENTITY_HEADER</c>: the secret the App Service identity endpoint requires in <c>X-IDENTITY-HEADER</c>.</summary>
    public string IdentityHeader { get; } = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    /// <summary>Tokens the managed identity sources gave, oldest first.</summary>
    public IReadOnlyList<AzureManagedIdentityLogin> ManagedIdentityLogins => [.. _managedLogins];

    /// <summary>Assigns a managed identity to the node: <c>system</c> for the system-assigned one, else a user-assigned identity's client id.</summary>
    public void AddManagedIdentity(string identity = "system") => _managedIdentities[identity] = 0;

    /// <summary>
    /// <c>GET /metadata/identity/oauth2/token</c> as IMDS answers: <c>Metadata: true</c> required, <c>api-version</c> and
    /// <c>resource</c> required, <c>client_id</c> picks a user-assigned identity (none: the system-assigned one).
    /// </summary>
    private Task ManagedIdentityTokenAsync(HttpContext context) =>
        ManagedIdentityTokenAsync(context, "imds", context.Request.Headers["Metadata"] != "true" ? "invalid_request|Required metadata header not specified" : null, "2018-02-01");

    /// <summary>
    /// <c>GET /msi/token</c> as App Service's identity endpoint answers: <c>X-IDENTITY-HEADER</c> must be
    /// <see cref="IdentityHeader"/> (else 401), <c>api-version</c> 2019-08-01, <c>resource</c>, optional <c>client_id</c>.
    /// </summary>
    private Task AppServiceTokenAsync(HttpContext context) =>
        ManagedIdentityTokenAsync(context, "appservice",
            context.Request.Headers["X-IDENTITY-HEADER"] != IdentityHeader ? "invalid_request|The X-IDENTITY-HEADER header is missing or wrong" : null, "2019-08-01");

    /// <summary>
    /// Answers a managed identity token request of <paramref name="source"/> once its proof was checked
    /// (<paramref name="headerRefusal"/>: <c>error|description</c> when it failed, answered 401 except for IMDS's 400).
    /// </summary>
    internal async Task ManagedIdentityTokenAsync(HttpContext context, string source, string? headerRefusal, string apiVersion)
    {
        var query = context.Request.Query;
        var identity = query.TryGetValue("client_id", out var id) ? id.ToString() : "system";
        string? refusal = headerRefusal
            ?? (query["api-version"] != apiVersion ? "invalid_request|Invalid api-version"
            : query["resource"] != ChallengeResource ? "invalid_resource|AADSTS500011: The resource principal named " + query["resource"] + " was not found in the tenant."
            : !_managedIdentities.ContainsKey(identity) ? "invalid_request|Identity not found"
            : null);
        context.Response.ContentType = "application/json";
        if (refusal is not null)
        {
            var status = source != "imds" && headerRefusal is not null ? 401 : 400;
            _calls.Enqueue(new AzureKeyVaultCall(source, identity, status));
            context.Response.StatusCode = status;
            var bar = refusal.IndexOf('|', StringComparison.Ordinal);
            await context.Response.WriteAsync(new JsonObject { ["error"] = refusal[..bar], ["error_description"] = refusal[(bar + 1)..] }.ToJsonString()).ConfigureAwait(false);
            return;
        }
        _calls.Enqueue(new AzureKeyVaultCall(source, identity, 200));
        _managedLogins.Enqueue(new AzureManagedIdentityLogin(identity, query["resource"].ToString(), source));
        var expires = DateTimeOffset.UtcNow + TokenLifetime;
        await context.Response.WriteAsync(new JsonObject
        {
            ["access_token"] = IssueToken(),
            ["expires_in"] = ((int)TokenLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["expires_on"] = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = query["resource"].ToString(),
            ["token_type"] = "Bearer",
        }.ToJsonString()).ConfigureAwait(false);
    }
}
