using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Agent.Generators.Shared;
using SecretsKit.Agent.Model;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Generators.Github;

/// <summary>
/// ESO's <c>GithubAccessToken</c> generator: a GitHub App JWT (RS256, <c>iss</c> = <c>appID</c>, issued 10 s ago, valid
/// 300 s) signed with the PEM key of <c>auth.privateKey.secretRef</c> (ExternalSecret's namespace) exchanged at
/// <c>POST {url}/app/installations/{installID}/access_tokens</c> (default url <c>https://api.github.com</c>) for an
/// installation token, optionally narrowed to <c>repositories</c> and <c>permissions</c>. Key <c>token</c>.
/// </summary>
internal sealed class GithubAccessTokenGenerator : IGenerator
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public ResourceType Type { get; } = GeneratorTypes.Namespaced("githubaccesstokens", "GithubAccessToken");

    public string ClusterSpecKey => "githubAccessTokenSpec";

    public async Task<IReadOnlyDictionary<string, byte[]>> GenerateAsync(GeneratorCall call, CancellationToken ct)
    {
        var appId = Json.Str(call.Spec["appID"]) is { Length: > 0 } a ? a : throw call.Fail("spec.appID is required");
        var installId = Json.Str(call.Spec["installID"]) is { Length: > 0 } i && i.All(char.IsAsciiDigit) ? i : throw call.Fail("spec.installID must be a number");
        var baseUrl = Json.Str(call.Spec["url"]) is { Length: > 0 } u ? u.TrimEnd('/') : "https://api.github.com";
        if (!Uri.TryCreate(baseUrl + $"/app/installations/{installId}/access_tokens", UriKind.Absolute, out var target) || target.Scheme is not ("https" or "http"))
        {
            throw call.Fail("spec.url is not an http(s) URL");
        }
        var pem = await call.ReadSecretTextAsync(call.Spec["auth"]?["privateKey"]?["secretRef"], "spec.auth.privateKey.secretRef", ct);
        using var key = RSA.Create();
        try
        {
            key.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw call.Fail("error parsing RSA private key");
        }
        var jwt = AppJwt(key, appId, call.Context.Time.GetUtcNow());
        var payload = new JsonObject();
        if (call.Spec["permissions"] is JsonObject permissions) payload["permissions"] = permissions.DeepClone();
        if (call.Spec["repositories"] is JsonArray { Count: > 0 } repositories) payload["repositories"] = repositories.DeepClone();
        return await ExchangeAsync(call, target, jwt, payload, ct);
    }

    /// <summary>
    /// <c>POST {url}/app/installations/{installID}/access_tokens</c> through <see cref="TenantHostCall"/>: the url is
    /// tenant-written, so no redirect is followed, no proxy used, link-local addresses are refused and the answer is read
    /// up to 1 MiB, within 15 s.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, byte[]>> ExchangeAsync(GeneratorCall call, Uri target, string jwt, JsonObject payload, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + jwt);
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.github.v3+json");
        request.Headers.UserAgent.ParseAdd("secretskit-agent");
        if (payload.Count > 0) request.Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        var (status, bytes) = await TenantHostCall.SendAsync(call, request, Timeout, ct);
        var body = TenantHostCall.Parse(bytes);
        if (status is < 200 or > 299)
        {
            var message = Json.Str((body as JsonObject)?["message"]);
            throw call.Fail($"error generating token: response code: {status}{(message is null ? "" : ", response: " + Echo.Bounded(message))}");
        }
        if (body is not JsonObject answer) throw call.Fail("error decoding response");
        return Json.Str(answer["token"]) is { } token
            ? new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["token"] = Encoding.UTF8.GetBytes(token) }
            : throw call.Fail("token isn't a string or token key doesn't exist");
    }

    /// <summary>The App JWT as golang-jwt writes it: header <c>{"alg":"RS256","typ":"JWT"}</c>, claims iss, exp, iat.</summary>
    private static string AppJwt(RSA key, string appId, DateTimeOffset now)
    {
        var header = Base64Url("""{"alg":"RS256","typ":"JWT"}"""u8.ToArray());
        var claims = new JsonObject { ["iss"] = appId, ["exp"] = now.ToUnixTimeSeconds() + 300, ["iat"] = now.ToUnixTimeSeconds() - 10 };
        var signingInput = header + "." + Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
