using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private const int MaxResponseBytes = 1 << 20;

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
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        using var request = new HttpRequestMessage(HttpMethod.Post, target);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + jwt);
        request.Headers.TryAddWithoutValidation("Accept", "application/vnd.github.v3+json");
        request.Headers.UserAgent.ParseAdd("secretskit-agent");
        if (payload.Count > 0) request.Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.SendAsync(request, ct);
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            if (bytes.Length > MaxResponseBytes) throw call.Fail("the response is larger than 1 MiB");
            JsonNode? body = null;
            try
            {
                body = JsonNode.Parse(bytes);
            }
            catch (JsonException) when (!response.IsSuccessStatusCode)
            {
            }
            catch (JsonException)
            {
                throw call.Fail("error decoding response");
            }
            if (!response.IsSuccessStatusCode)
            {
                var message = Json.Str(body?["message"]);
                throw call.Fail($"error generating token: response code: {(int)response.StatusCode}{(message is null ? "" : ", response: " + Echo.Bounded(message))}");
            }
            return Json.Str(body?["token"]) is { } token
                ? new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["token"] = Encoding.UTF8.GetBytes(token) }
                : throw call.Fail("token isn't a string or token key doesn't exist");
        }
        catch (HttpRequestException e)
        {
            throw call.Fail($"error performing request: {Echo.Bounded(e.Message)}");
        }
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
