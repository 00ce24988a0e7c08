using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>An accepted <c>generateAccessToken</c>: the Google service account, the federated principal that asked, the scopes.</summary>
public sealed record GcpImpersonation(string ServiceAccount, string Subject, IReadOnlyList<string> Scopes);

/// <summary>
/// IAM Service Account Credentials' <c>POST /v1/projects/-/serviceAccounts/EMAIL:generateAccessToken</c>: the caller's
/// bearer token must be a federated token from <c>/v1/token</c> whose principal holds Workload Identity User on EMAIL
/// (<see cref="AllowWorkloadIdentityUser"/>), else 403 as IAM answers; the reply is <c>{accessToken, expireTime}</c>.
/// </summary>
public abstract partial class FakeGcpServer
{
    private const string IamCredentialsPrefix = "/v1/projects/-/serviceAccounts/";
    private readonly ConcurrentDictionary<string, byte> _workloadIdentityUsers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GcpImpersonation> _impersonations = new();

    /// <summary>Accepted impersonations, oldest first.</summary>
    public IReadOnlyList<GcpImpersonation> Impersonations => [.. _impersonations];

    /// <summary>Grants <c>roles/iam.workloadIdentityUser</c> on <paramref name="serviceAccount"/> to the ServiceAccount <c>NS/NAME</c>.</summary>
    public void AllowWorkloadIdentityUser(string serviceAccount, string ns, string name) =>
        _workloadIdentityUsers[serviceAccount + "|system:serviceaccount:" + ns + ":" + name] = 0;

    private async Task GenerateAccessTokenAsync(HttpContext context, string serviceAccount)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : "";
        if (!IsAuthorized(context) || !_federated.TryGetValue(bearer, out var principal))
        {
            await WriteFailureAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
            return;
        }
        if (!_workloadIdentityUsers.ContainsKey(serviceAccount + "|" + principal.Subject))
        {
            await WriteFailureAsync(context, 403, "PERMISSION_DENIED",
                $"Permission 'iam.serviceAccounts.getAccessToken' denied on resource (or it may not exist).").ConfigureAwait(false);
            return;
        }
        List<string> scopes = [];
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) is JsonObject { } body && body["scope"] is JsonArray a)
            {
                scopes = [.. a.Select(x => x?.ToString() ?? "")];
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (scopes.Count == 0)
        {
            await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "Scope required.").ConfigureAwait(false);
            return;
        }
        var token = Issue("ya29.c.gsa-", TimeSpan.FromHours(1), string.Join(' ', scopes));
        _tokenAccounts[token] = serviceAccount;
        _impersonations.Enqueue(new GcpImpersonation(serviceAccount, principal.Subject, scopes));
        await WriteOkAsync(context, new JsonObject
        {
            ["accessToken"] = token,
            ["expireTime"] = (DateTimeOffset.UtcNow + TimeSpan.FromHours(1)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        }).ConfigureAwait(false);
    }
}
