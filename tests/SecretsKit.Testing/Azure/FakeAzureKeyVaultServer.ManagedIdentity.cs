using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Azure;

/// <summary>A token the instance metadata service gave: the identity (client id, or <c>system</c>) and the resource.</summary>
public sealed record AzureManagedIdentityLogin(string Identity, string Resource);

public sealed partial class FakeAzureKeyVaultServer
{
    private readonly ConcurrentDictionary<string, byte> _managedIdentities = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<AzureManagedIdentityLogin> _managedLogins = new();

    /// <summary>The value for <c>AZURE_POD_IDENTITY_AUTHORITY_HOST</c>: this server's instance metadata service.</summary>
    public string ImdsEndpoint => AuthorityHost;

    /// <summary>Tokens the instance metadata service gave, oldest first.</summary>
    public IReadOnlyList<AzureManagedIdentityLogin> ManagedIdentityLogins => [.. _managedLogins];

    /// <summary>Assigns a managed identity to the node: <c>system</c> for the system-assigned one, else a user-assigned identity's client id.</summary>
    public void AddManagedIdentity(string identity = "system") => _managedIdentities[identity] = 0;

    /// <summary>
    /// <c>GET /metadata/identity/oauth2/token</c> as IMDS answers: <c>Metadata: true</c> required, <c>api-version</c> and
    /// <c>resource</c> required, <c>client_id</c> picks a user-assigned identity (none: the system-assigned one).
    /// </summary>
    private async Task ManagedIdentityTokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var identity = query.TryGetValue("client_id", out var id) ? id.ToString() : "system";
        string? refusal = context.Request.Headers["Metadata"] != "true" ? "invalid_request|Required metadata header not specified"
            : query["api-version"] != "2018-02-01" ? "invalid_request|Invalid api-version"
            : query["resource"] != ChallengeResource ? "invalid_resource|AADSTS500011: The resource principal named " + query["resource"] + " was not found in the tenant."
            : !_managedIdentities.ContainsKey(identity) ? "invalid_request|Identity not found"
            : null;
        context.Response.ContentType = "application/json";
        if (refusal is not null)
        {
            _calls.Enqueue(new AzureKeyVaultCall("imds", identity, 400));
            context.Response.StatusCode = 400;
            var bar = refusal.IndexOf('|', StringComparison.Ordinal);
            await context.Response.WriteAsync(new JsonObject { ["error"] = refusal[..bar], ["error_description"] = refusal[(bar + 1)..] }.ToJsonString()).ConfigureAwait(false);
            return;
        }
        _calls.Enqueue(new AzureKeyVaultCall("imds", identity, 200));
        _managedLogins.Enqueue(new AzureManagedIdentityLogin(identity, query["resource"].ToString()));
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
