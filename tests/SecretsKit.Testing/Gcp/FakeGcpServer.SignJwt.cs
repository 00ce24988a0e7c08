using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Gcp;

/// <summary>An accepted <c>signJwt</c>: the service account that signed and the payload's claims as sent.</summary>
public sealed record GcpSignedJwt(string ServiceAccount, JsonObject Claims);

/// <summary>
/// IAM Service Account Credentials' <c>POST /v1/projects/-/serviceAccounts/EMAIL:signJwt</c>: the caller's bearer token
/// must be the account's own (from its key at <c>/token</c>, or from <c>generateAccessToken</c> for it) or a federated
/// token whose principal holds Workload Identity User on EMAIL; the account must exist here (its RSA key signs, RS256,
/// with its <c>kid</c>). <see cref="PublicKeyOf"/> gives the public half, as Google's <c>x509</c> endpoint would.
/// </summary>
public abstract partial class FakeGcpServer
{
    private readonly ConcurrentDictionary<string, string> _tokenAccounts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GcpSignedJwt> _signedJwts = new();

    /// <summary>Accepted <c>signJwt</c> calls, oldest first.</summary>
    public IReadOnlyList<GcpSignedJwt> SignedJwts => [.. _signedJwts];

    /// <summary>The public key of a service account registered with <see cref="CreateServiceAccount"/>.</summary>
    public RSA PublicKeyOf(string serviceAccount)
    {
        var rsa = RSA.Create();
        rsa.ImportParameters(_accounts[serviceAccount].ExportParameters(false));
        return rsa;
    }

    /// <summary>Makes <paramref name="token"/> a token of <paramref name="serviceAccount"/> (its own signJwt is then allowed).</summary>
    protected void BindTokenAccount(string token, string serviceAccount) => _tokenAccounts[token] = serviceAccount;

    private async Task SignJwtAsync(HttpContext context, string serviceAccount)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : "";
        if (!IsAuthorized(context))
        {
            await WriteFailureAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.").ConfigureAwait(false);
            return;
        }
        var own = _tokenAccounts.TryGetValue(bearer, out var account) && account == serviceAccount;
        var federated = _federated.TryGetValue(bearer, out var principal) && _workloadIdentityUsers.ContainsKey(serviceAccount + "|" + principal.Subject);
        if (!(own || federated) || !_accounts.TryGetValue(serviceAccount, out var rsa))
        {
            await WriteFailureAsync(context, 403, "PERMISSION_DENIED",
                "Permission 'iam.serviceAccounts.signJwt' denied on resource (or it may not exist).").ConfigureAwait(false);
            return;
        }
        JsonObject? claims = null;
        try
        {
            if (await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) is JsonObject body && body["payload"] is JsonValue p)
            {
                claims = JsonNode.Parse(p.GetValue<string>()) as JsonObject;
            }
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (claims is null)
        {
            await WriteFailureAsync(context, 400, "INVALID_ARGUMENT", "Invalid JWT payload.").ConfigureAwait(false);
            return;
        }
        var kid = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(serviceAccount)))[..40];
        var header = Base64Url(Encoding.UTF8.GetBytes(new JsonObject { ["alg"] = "RS256", ["kid"] = kid, ["typ"] = "JWT" }.ToJsonString()));
        var payload = Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        _signedJwts.Enqueue(new GcpSignedJwt(serviceAccount, claims));
        await WriteOkAsync(context, new JsonObject { ["keyId"] = kid, ["signedJwt"] = header + "." + payload + "." + Base64Url(signature) }).ConfigureAwait(false);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
