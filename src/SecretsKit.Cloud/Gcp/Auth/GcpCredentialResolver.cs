using System.Text.Json;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// Picks GCP credentials from the injected environment like sops: <c>GOOGLE_OAUTH_ACCESS_TOKEN</c>, then
/// <c>GOOGLE_CREDENTIALS</c> (JSON content or a path), then <c>GOOGLE_APPLICATION_CREDENTIALS</c> (a path), then
/// gcloud's application default credentials file.
/// </summary>
internal static class GcpCredentialResolver
{
    public static GcpTokenSource Resolve(IEnvironment environment, HttpClient http, TimeProvider time, string scope = GcpServiceAccountJwt.Scope)
    {
        if (environment.Get("GOOGLE_OAUTH_ACCESS_TOKEN") is { } token)
        {
            return new StaticGcpTokenSource(token);
        }
        if (environment.Get("GOOGLE_CREDENTIALS") is { } credentials)
        {
            var json = credentials.TrimStart().StartsWith('{') ? credentials : Read(credentials, "GOOGLE_CREDENTIALS");
            return FromJson(json, "GOOGLE_CREDENTIALS", http, time, scope);
        }
        if (environment.Get("GOOGLE_APPLICATION_CREDENTIALS") is { } path)
        {
            return FromJson(Read(path, "GOOGLE_APPLICATION_CREDENTIALS"), path, http, time, scope);
        }
        var gcloud = Path.Combine(environment.Get("CLOUDSDK_CONFIG") ?? Path.Combine(environment.HomeDirectory, ".config", "gcloud"),
            "application_default_credentials.json");
        if (File.Exists(gcloud))
        {
            return FromJson(Read(gcloud, gcloud), gcloud, http, time, scope);
        }
        throw new ProviderException("gcp_kms", ExitCodes.CouldNotRetrieveKey,
            "no credentials found (tried GOOGLE_OAUTH_ACCESS_TOKEN, GOOGLE_CREDENTIALS, GOOGLE_APPLICATION_CREDENTIALS, " + gcloud + ")");
    }

    private static string Read(string path, string origin)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ProviderException("gcp_kms", ExitCodes.CouldNotRetrieveKey, $"cannot read credentials file '{path}' (from {origin}): {e.Message}");
        }
    }

    /// <summary>Tokens of a credentials JSON document (<paramref name="origin"/> names it in errors).</summary>
    public static GcpTokenSource FromJson(string json, string origin, HttpClient http, TimeProvider time, string scope)
    {
        GcpCredentialsFile? file;
        try
        {
            file = JsonSerializer.Deserialize(json, GcpJsonContext.Default.GcpCredentialsFile);
        }
        catch (JsonException)
        {
            file = null;
        }
        var usable = file switch
        {
            { Type: "service_account", ClientEmail.Length: > 0, PrivateKey.Length: > 0 } => true,
            { Type: "authorized_user", RefreshToken.Length: > 0 } => true,
            _ => false,
        };
        if (!usable)
        {
            throw new ProviderException("gcp_kms", ExitCodes.CouldNotRetrieveKey,
                $"credentials from {origin} are not a service_account or authorized_user JSON document");
        }
        return new OAuthGcpTokenSource(file!, http, time, scope);
    }
}
