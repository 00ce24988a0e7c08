using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Azure;

public sealed partial class FakeAzureKeyVaultServer
{
    public const string ArcApiVersion = "2019-11-01";
    private readonly ConcurrentDictionary<string, string> _arcKeys = new(StringComparer.Ordinal);
    private string? _arcKeyDirectory;

    /// <summary>The value for <c>IDENTITY_ENDPOINT</c> on an Azure Arc machine (with <c>IMDS_ENDPOINT</c> also set): this server's Arc identity endpoint.</summary>
    public string ArcIdentityEndpoint => AuthorityHost + "arc/token";

    /// <summary>Where the Arc endpoint writes the key file of each challenge (the Arc agent's <c>/var/opt/azcmagent/tokens</c>).</summary>
    public void UseArcKeyDirectory(string directory) => _arcKeyDirectory = directory;

    /// <summary>When set, the challenge names this realm instead of the key file it wrote (a compromised or impostor endpoint).</summary>
    public string? ArcRealmOverride { get; set; }

    /// <summary>Key files the Arc endpoint wrote for challenges not answered yet.</summary>
    public IReadOnlyCollection<string> PendingArcKeyFiles => [.. _arcKeys.Values];

    /// <summary>
    /// <c>GET /arc/token</c> as the Arc agent's endpoint answers: <c>Metadata: true</c>, <c>api-version</c> 2019-11-01 and
    /// <c>resource</c> required, no user-assigned identity. Without <c>Authorization</c>, 401 with
    /// <c>WWW-Authenticate: Basic realm=PATH</c> of a fresh key file holding a random secret; with
    /// <c>Authorization: Basic SECRET</c> of an outstanding file, the token (the file is spent); any other, 401.
    /// </summary>
    private async Task ArcTokenAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers["Metadata"] != "true")
        {
            await ManagedIdentityTokenAsync(context, "arc", "invalid_request|Required metadata header not specified", ArcApiVersion).ConfigureAwait(false);
            return;
        }
        if (request.Query.ContainsKey("client_id"))
        {
            _calls.Enqueue(new AzureKeyVaultCall("arc", request.Query["client_id"].ToString(), 400));
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["error"] = "invalid_request", ["error_description"] = "User-assigned identities are not supported" }.ToJsonString()).ConfigureAwait(false);
            return;
        }
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            var directory = _arcKeyDirectory ?? throw new InvalidOperationException("call UseArcKeyDirectory before an Arc challenge");
            var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var path = Path.Combine(directory, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + ".key");
            await File.WriteAllTextAsync(path, secret).ConfigureAwait(false);
            _arcKeys[secret] = path;
            _calls.Enqueue(new AzureKeyVaultCall("arc-challenge", "system", 401));
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Basic realm=" + (ArcRealmOverride ?? path);
            return;
        }
        const string basic = "Basic ";
        var known = authorization.StartsWith(basic, StringComparison.Ordinal) && _arcKeys.TryRemove(authorization[basic.Length..], out _);
        await ManagedIdentityTokenAsync(context, "arc", known ? null : "invalid_request|The secret in the Authorization header is missing or wrong", ArcApiVersion).ConfigureAwait(false);
    }
}
