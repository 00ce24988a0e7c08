using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// ESO's <c>workloadIdentityFederation.credConfig</c>: a ConfigMap key (Secret namespace rules) holding an external
/// account credential configuration. Every field is tenant-written, so nothing in it picks a Google host:
/// <c>token_url</c> and <c>token_info_url</c> must be Google STS of the configured universe domain (the exchange then
/// goes to the configured STS endpoint), <c>service_account_impersonation_url</c> IAM Credentials of that domain (only
/// its account is kept). The <c>credential_source</c> may be a <c>url</c> equal to the store's
/// <c>externalTokenEndpoint</c> (ESO's rule; see <see cref="GcpUrlSubjectToken"/> for what a SecretStore may not name),
/// or ESO's AWS form (<c>environment_id</c> <c>aws…</c> with the metadata server's URLs), which signs with the agent
/// pod's own AWS identity and so only for a ClusterSecretStore. A <c>file</c> and an <c>executable</c> source are
/// refused: the agent reads no file and runs nothing a store names. Each refusal happens before any request.
/// </summary>
internal static partial class GcpCredConfig
{
    private const int MaxBytes = 64 * 1024;

    public static async Task<GcpTokenSource> CreateAsync(ProviderSpec spec, GcpCredConfigSite site, HttpClient http, CancellationToken ct)
    {
        var text = await spec.Credentials.ReadConfigMapAsync(site.Selector, site.Field, ct).ConfigureAwait(false);
        StoreConfigException Bad(string why) => new($"store {spec.StoreName}: {site.Field}: {why}");
        var config = Parse(text, Bad);
        string? Str(string name) => config[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        var email = CheckGoogleUrls(Str, spec.Context.Setting<GcpEndpoints>().UniverseDomain, site.Email, Bad);
        var audience = site.Audience ?? Str("audience") ?? throw Bad("audience is empty");

        var source = config["credential_source"] as JsonObject ?? throw Bad("credential_source is required");
        string? Source(string name) => source[name] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        if (source["executable"] is not null) throw Bad("credential_source.executable is not allowed");
        if (source["file"] is not null) throw Bad("credential_source.file is refused: the agent reads no file a store names (use serviceAccountRef for a ServiceAccount token)");
        if (Source("environment_id") is not { } environment)
        {
            if (source["url"] is null) throw Bad("credential_source needs a url (equal to externalTokenEndpoint) or environment_id aws (the other forms are refused)");
            var tokenType = Str("subject_token_type");
            var fetch = GcpUrlSubjectToken.Create(spec, source, tokenType, site, Bad);
            return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), audience, fetch, email, spec.Context.Ambient.Time, tokenType!);
        }
        if (!environment.StartsWith("aws", StringComparison.Ordinal)) throw Bad($"credential_source.environment_id '{Cut(environment)}' must start with aws");
        foreach (var (name, suffix, required) in new[] { ("url", "meta-data/iam/security-credentials", true), ("region_url", "meta-data/placement/availability-zone", true), ("imdsv2_session_token_url", "api/token", false) })
        {
            var value = Source(name);
            if (value is null && !required) continue;
            if (value is null || !AwsMetadataUrl().IsMatch(value) || !value.EndsWith("/latest/" + suffix, StringComparison.Ordinal))
            {
                throw Bad($"credential_source.{name} '{Cut(value ?? "")}' is not the AWS metadata server's /latest/{suffix}");
            }
        }
        if (Str("subject_token_type") is { } type && type != GcpAwsSubjectToken.TokenType) throw Bad($"subject_token_type '{Cut(type)}' is not {GcpAwsSubjectToken.TokenType} for an aws credential_source");
        return Aws(spec, audience, email, http, Bad);
    }

    /// <summary>The configuration as a JSON object of type <c>external_account</c>, within 64 KiB.</summary>
    private static JsonObject Parse(string text, Func<string, StoreConfigException> bad)
    {
        if (text.Length > MaxBytes) throw bad("the credential configuration is larger than 64 KiB");
        JsonObject config;
        try
        {
            config = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject ?? throw bad("the credential configuration is not a JSON object");
        }
        catch (JsonException)
        {
            throw bad("the credential configuration is not JSON");
        }
        var type = config["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        return type == "external_account" ? config : throw bad($"'type' is '{Cut(type)}' (expected 'external_account')");
    }

    /// <summary>
    /// The universe domain, STS and IAM Credentials URLs must be Google's of the agent's universe; returns the service
    /// account to impersonate (the store's <c>gcpServiceAccountEmail</c> wins, as in ESO).
    /// </summary>
    private static string? CheckGoogleUrls(Func<string, string?> str, string universe, string? email, Func<string, StoreConfigException> bad)
    {
        if (str("universe_domain") is { } u && u != universe) throw bad($"universe_domain '{Cut(u)}' is not the agent's universe domain '{universe}'");
        if (str("token_url") is { } tokenUrl && tokenUrl != $"https://sts.{universe}/v1/token")
        {
            throw bad($"token_url '{Cut(tokenUrl)}' is not Google STS (https://sts.{universe}/v1/token)");
        }
        if (str("token_info_url") is { } infoUrl && infoUrl != $"https://sts.{universe}/v1/introspect")
        {
            throw bad($"token_info_url '{Cut(infoUrl)}' is not Google STS (https://sts.{universe}/v1/introspect)");
        }
        if (str("service_account_impersonation_url") is not { } impersonation) return email;
        var prefix = $"https://iamcredentials.{universe}/v1/projects/";
        var match = impersonation.StartsWith(prefix, StringComparison.Ordinal) ? ImpersonationPath().Match(impersonation[prefix.Length..]) : Match.Empty;
        if (!match.Success || !GcpFederatedTokenSource.IsValidServiceAccountEmail(match.Groups[1].Value))
        {
            throw bad($"service_account_impersonation_url '{Cut(impersonation)}' is not IAM Credentials generateAccessToken ({prefix}-/serviceAccounts/EMAIL:generateAccessToken)");
        }
        return email ?? match.Groups[1].Value;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope",
        Justification = "The credentials are held by the returned token source for the store's lifetime.")]
    private static GcpFederatedTokenSource Aws(ProviderSpec spec, string audience, string? email, HttpClient http, Func<string, StoreConfigException> bad)
    {
        if (!spec.MayUseAgentServiceAccount) throw bad("an aws credential_source signs with the agent's own AWS identity, which only a ClusterSecretStore may use (use awsSecurityCredentials)");
        var environment = spec.Context.Ambient.Environment;
        var region = environment.Get("AWS_REGION") ?? environment.Get("AWS_DEFAULT_REGION") ?? throw bad("an aws credential_source needs AWS_REGION in the agent's environment");
        if (!AwsRegionName.IsValid(region)) throw bad("the agent's AWS_REGION is not a region name");
        var sts = spec.Context.Endpoints.GetValueOrDefault("STS") ?? StsClient.RegionalEndpoint(region);
        var credentials = AmbientAwsCredentials.Resolve(environment, () => new StsClient(new AwsClientOptions { Region = region, Endpoint = sts, Retry = spec.Context.Retry, Time = spec.Context.Time }))
            ?? throw bad("no AWS identity in the agent's environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_WEB_IDENTITY_TOKEN_FILE and AWS_ROLE_ARN)");
        var time = spec.Context.Time;
        return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), audience,
            async _ => GcpAwsSubjectToken.Create(await credentials.GetCredentialsAsync().ConfigureAwait(false), sts, region, audience, time.GetUtcNow().UtcDateTime),
            email, spec.Context.Ambient.Time, GcpAwsSubjectToken.TokenType);
    }

    private static string Cut(string text) => text.Length > 80 ? text[..80] + "…" : text;

    /// <summary>After <c>…/v1/projects/</c>: <c>PROJECT/serviceAccounts/EMAIL:generateAccessToken</c>.</summary>
    [GeneratedRegex(@"^[^/\s]+/serviceAccounts/([^/\s:]+):generateAccessToken$", RegexOptions.CultureInvariant)]
    private static partial Regex ImpersonationPath();

    /// <summary>ESO's AWS metadata hosts, plain http.</summary>
    [GeneratedRegex(@"^http://(metadata\.google\.internal|169\.254\.169\.254|\[fd00:ec2::254\])/latest/", RegexOptions.CultureInvariant)]
    private static partial Regex AwsMetadataUrl();
}
