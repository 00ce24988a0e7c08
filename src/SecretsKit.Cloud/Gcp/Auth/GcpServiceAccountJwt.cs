using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>The RS256-signed JWT assertion a service account exchanges for an access token (RFC 7523).</summary>
internal static class GcpServiceAccountJwt
{
    public const string Scope = "https://www.googleapis.com/auth/cloudkms";

    /// <summary>Every Google Cloud API the account's IAM roles allow (what Secret Manager takes; cloudkms does not cover it).</summary>
    public const string CloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

    /// <summary>Read and write Cloud Storage objects (what <c>publish</c> to a <c>gcs_bucket</c> needs; cloudkms grants no storage).</summary>
    public const string StorageScope = "https://www.googleapis.com/auth/devstorage.read_write";

    public static string Create(GcpCredentialsFile account, string audience, DateTimeOffset now, string scope = Scope)
    {
        var header = JsonSerializer.SerializeToUtf8Bytes(new JwtHeader("RS256", "JWT", account.PrivateKeyId), GcpJsonContext.Default.JwtHeader);
        var issued = now.ToUnixTimeSeconds();
        var claims = JsonSerializer.SerializeToUtf8Bytes(
            new JwtClaims(account.ClientEmail ?? "", scope, audience, issued, issued + 3600), GcpJsonContext.Default.JwtClaims);
        var signingInput = Base64Url(header) + "." + Base64Url(claims);
        using var rsa = RSA.Create();
        rsa.ImportFromPem(account.PrivateKey);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
