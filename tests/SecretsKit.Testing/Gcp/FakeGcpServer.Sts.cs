using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Gcp;

/// <summary>An accepted STS token exchange: the STS audience (pool and provider), the subject token's subject and audiences, the scope.</summary>
public sealed record GcpStsExchange(string Audience, string Subject, IReadOnlyList<string> SubjectAudiences, string Scope);

/// <summary>
/// Google Security Token Service's <c>POST /v1/token</c> (RFC 8693 token exchange, JSON or form body) for workload
/// identity pools whose provider is a Kubernetes cluster: the subject token must be a JWT of that cluster's issuer
/// (signature), carry the pool's expected audience, not be expired on <see cref="AssertionClock"/>; the federated token
/// it returns is a bearer token of this server for the principal <c>system:serviceaccount:NS:NAME</c>.
/// </summary>
public abstract partial class FakeGcpServer
{
    private readonly ConcurrentDictionary<string, (FakeServiceAccountIssuer Issuer, string SubjectAudience)> _pools = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Audience, string Subject)> _federated = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<GcpStsExchange> _stsExchanges = new();

    /// <summary>The clock subject tokens are checked against (the Kubernetes API fake's, for its tokens). <value>Default system time.</value></summary>
    public TimeProvider AssertionClock { get; set; } = TimeProvider.System;

    /// <summary>Accepted STS exchanges, oldest first.</summary>
    public IReadOnlyList<GcpStsExchange> StsExchanges => [.. _stsExchanges];

    /// <summary>
    /// A pool provider STS accepts as <paramref name="audience"/> (GKE: <c>identitynamespace:POOL:PROVIDER</c>; a
    /// federation pool: <c>//iam.googleapis.com/projects/…/providers/…</c>), trusting tokens of <paramref name="issuer"/>
    /// that carry <paramref name="subjectAudience"/>.
    /// </summary>
    public void AddWorkloadIdentityProvider(string audience, FakeServiceAccountIssuer issuer, string subjectAudience) =>
        _pools[audience] = (issuer, subjectAudience);

    private async Task StsTokenAsync(HttpContext context)
    {
        var request = await ReadExchangeAsync(context).ConfigureAwait(false);
        string Field(string name) => request.GetValueOrDefault(name) ?? "";
        string? refusal = null;
        JsonObject? claims = null;
        string? awsSubject = null;
        if (Field("grant_type") != "urn:ietf:params:oauth:grant-type:token-exchange") refusal = "unsupported_grant_type|Invalid grant_type.";
        else if (Field("subject_token_type") == AwsRequestTokenType && !Field("scope").Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform")) refusal = "invalid_scope|The scope is missing or invalid.";
        else if (Field("subject_token_type") == AwsRequestTokenType) refusal = VerifyAwsSubjectToken(Field("audience"), Field("subject_token"), out awsSubject);
        else if (Field("subject_token_type") != "urn:ietf:params:oauth:token-type:jwt") refusal = "invalid_request|Invalid subject_token_type.";
        else if (!Field("scope").Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform")) refusal = "invalid_scope|The scope is missing or invalid.";
        else if (!_pools.TryGetValue(Field("audience"), out var pool)) refusal = "invalid_target|The target service indicated by the \"audience\" parameters is invalid.";
        else
        {
            (claims, var why) = pool.Issuer.Verify(Field("subject_token"), pool.SubjectAudience, AssertionClock.GetUtcNow());
            if (claims is null)
            {
                refusal = why!.StartsWith("token is expired", StringComparison.Ordinal)
                    ? "invalid_grant|The ID Token provided is expired."
                    : why.StartsWith("invalid audience", StringComparison.Ordinal)
                        ? $"invalid_grant|The audience in ID Token does not match the expected audience {pool.SubjectAudience}."
                        : "invalid_grant|Invalid ID Token: " + why;
            }
        }
        if (refusal is not null)
        {
            var (error, description) = (refusal[..refusal.IndexOf('|', StringComparison.Ordinal)], refusal[(refusal.IndexOf('|', StringComparison.Ordinal) + 1)..]);
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["error"] = error, ["error_description"] = description }.ToJsonString()).ConfigureAwait(false);
            RecordTokenCall(false);
            return;
        }
        var subject = awsSubject ?? FakeServiceAccountIssuer.Subject(claims!);
        var audiences = awsSubject is not null ? [Field("audience")] : claims!["aud"] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [claims["aud"]!.GetValue<string>()];
        var token = Issue("ya29.d.sts-", TimeSpan.FromHours(1), Field("scope"));
        _federated[token] = (Field("audience"), subject);
        _stsExchanges.Enqueue(new GcpStsExchange(Field("audience"), subject, audiences, Field("scope")));
        RecordTokenCall(true);
        await WriteOkAsync(context, new JsonObject
        {
            ["access_token"] = token,
            ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
        }).ConfigureAwait(false);
    }

    /// <summary>STS takes the exchange as JSON or as a form.</summary>
    private static async Task<Dictionary<string, string>> ReadExchangeAsync(HttpContext context)
    {
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync().ConfigureAwait(false);
            return form.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        }
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
            return body?.Where(kv => kv.Value is JsonValue).ToDictionary(kv => kv.Key, kv => kv.Value!.ToString(), StringComparer.Ordinal) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}
