using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Aws.Sts;

namespace SecretsKit.Testing.Gcp;

/// <summary>
/// Google STS with an AWS provider in a workload identity pool: the subject token (type
/// <c>urn:ietf:params:aws:token-type:aws4_request</c>) is a URL-encoded JSON of a SigV4-signed
/// <c>sts:GetCallerIdentity</c> (<c>url</c>, <c>method</c>, <c>headers</c> as key/value pairs, <c>body</c>). Where Google replays
/// it to AWS, this fake verifies it as STS would (<see cref="CallerIdentityVerifier"/> against the principals given), and
/// requires <c>x-goog-cloud-target-resource</c>, signed, to be the pool provider's audience. The principal is the ARN.
/// </summary>
public abstract partial class FakeGcpServer
{
    /// <summary>The subject token type of an AWS-signed GetCallerIdentity.</summary>
    public const string AwsRequestTokenType = "urn:ietf:params:aws:token-type:aws4_request";

    private readonly ConcurrentDictionary<string, (string Region, FakeAwsPrincipal[] Principals)> _awsProviders = new(StringComparer.Ordinal);

    /// <summary>The clock signed AWS requests are checked against. <value>Default system time.</value></summary>
    public TimeProvider AwsClock { get; set; } = TimeProvider.System;

    /// <summary>An AWS provider STS accepts as <paramref name="audience"/>: requests signed for <paramref name="region"/> by one of <paramref name="principals"/>.</summary>
    public void AddAwsWorkloadIdentityProvider(string audience, string region, params FakeAwsPrincipal[] principals) =>
        _awsProviders[audience] = (region, principals);

    /// <summary>Grants <c>roles/iam.workloadIdentityUser</c> on <paramref name="serviceAccount"/> to a federated principal (an AWS ARN).</summary>
    public void AllowFederatedPrincipal(string serviceAccount, string principal) => _workloadIdentityUsers[serviceAccount + "|" + principal] = 0;

    /// <summary>Null and the ARN when the token is accepted; else <c>error|description</c> as STS answers.</summary>
    private string? VerifyAwsSubjectToken(string audience, string token, out string? subject)
    {
        subject = null;
        if (!_awsProviders.TryGetValue(audience, out var provider))
        {
            return "invalid_target|The target service indicated by the \"audience\" parameters is invalid.";
        }
        JsonObject? request = null;
        try
        {
            request = JsonNode.Parse(Uri.UnescapeDataString(token)) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (request?["url"]?.ToString() is not { } urlText || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || request["headers"] is not JsonArray list)
        {
            return "invalid_request|The subject token is not a serialized AWS request.";
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in list.OfType<JsonObject>()) headers[h["key"]?.ToString() ?? ""] = h["value"]?.ToString() ?? "";
        var (principal, error) = CallerIdentityVerifier.Verify(request["method"]?.ToString() ?? "", url, request["body"]?.ToString() ?? "", headers,
            provider.Principals, provider.Region, AwsClock.GetUtcNow(), ("x-goog-cloud-target-resource", audience));
        if (principal is null) return "invalid_grant|The AWS request in the subject token was refused: " + error;
        subject = principal.Arn;
        return null;
    }
}
