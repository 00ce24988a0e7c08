using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// The fake API server's service-account token signer: RS256 JWTs with the claims a real API server puts in a bound
/// token (<c>iss</c>, <c>sub = system:serviceaccount:NS:NAME</c>, <c>aud</c>, <c>exp</c>, <c>iat</c>, <c>nbf</c>, <c>jti</c>,
/// <c>kubernetes.io.{namespace, serviceaccount.{name, uid}}</c>). Other fakes (Vault's login, STS, Entra ID, Google STS)
/// verify tokens through <see cref="Verify"/>, as the real services do with the cluster's OIDC keys.
/// </summary>
public sealed class FakeServiceAccountIssuer : IDisposable
{
    private readonly RSA _key = RSA.Create(2048);

    internal FakeServiceAccountIssuer(TimeProvider time)
    {
        Time = time;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <summary>The API server's clock: <c>iat</c>/<c>exp</c> of minted tokens.</summary>
    public TimeProvider Time { get; }

    /// <summary>The <c>iss</c> claim (a real cluster's default).</summary>
    public string Issuer { get; } = "https://kubernetes.default.svc.cluster.local";

    /// <summary>The audiences a TokenRequest without <c>audiences</c> gets (the API server's own).</summary>
    public IReadOnlyList<string> DefaultAudiences => [Issuer];

    public string KeyId { get; }

    /// <summary>The public key, for a verifier outside this process (PEM, SubjectPublicKeyInfo).</summary>
    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Signs a token for <c>NS/NAME</c> valid from now for <paramref name="lifetime"/>.</summary>
    public string Mint(string ns, string name, string uid, IReadOnlyList<string> audiences, TimeSpan lifetime)
    {
        var now = Time.GetUtcNow();
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = KeyId };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode?)a)]),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = $"system:serviceaccount:{ns}:{name}",
        };
        var signingInput = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + B64(signature);
    }

    /// <summary>
    /// Checks a token as a relying party does: RS256 signature by this issuer's key, <c>iss</c>, <paramref name="audience"/>
    /// among <c>aud</c>, not expired at <paramref name="now"/> (the verifier's own clock). Returns the claims, or the
    /// reason it is refused.
    /// </summary>
    public (JsonObject? Claims, string? Refusal) Verify(string? jwt, string audience, DateTimeOffset now)
    {
        var parts = (jwt ?? "").Split('.');
        if (parts.Length != 3) return (null, "not a JWT");
        JsonObject? header, claims;
        byte[] signature;
        try
        {
            header = JsonNode.Parse(Unb64(parts[0])) as JsonObject;
            claims = JsonNode.Parse(Unb64(parts[1])) as JsonObject;
            signature = Unb64(parts[2]);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return (null, "not a JWT");
        }
        if (header?["alg"]?.GetValue<string>() != "RS256" || claims is null) return (null, "unsupported JWT algorithm");
        if (!_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
        {
            return (null, "signature verification failed");
        }
        if (claims["iss"]?.GetValue<string>() != Issuer) return (null, "invalid issuer (iss) claim");
        var audiences = claims["aud"] is JsonArray a ? a.Select(x => x?.GetValue<string>()) : [claims["aud"]?.GetValue<string>()];
        if (!audiences.Contains(audience)) return (null, $"invalid audience (aud) claim: audience claim does not match any expected audience");
        if (claims["exp"]?.GetValue<long>() is not { } exp || now >= DateTimeOffset.FromUnixTimeSeconds(exp)) return (null, "token is expired (exp)");
        return (claims, null);
    }

    /// <summary>The <c>sub</c> claim of a verified token.</summary>
    public static string Subject(JsonObject claims) => claims["sub"]?.GetValue<string>() ?? "";

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Unb64(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    public void Dispose() => _key.Dispose();
}
