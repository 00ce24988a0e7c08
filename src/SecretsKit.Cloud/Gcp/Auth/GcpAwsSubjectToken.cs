using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Auth;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// The subject token Google STS takes from an AWS workload (<c>urn:ietf:params:aws:token-type:aws4_request</c>): a
/// <c>sts:GetCallerIdentity</c> signed with the AWS credentials, the action in the query, no body, and the pool provider's
/// audience signed as <c>x-goog-cloud-target-resource</c> (so the request cannot be replayed to another pool), serialized
/// as the URL-encoded JSON <c>{url, method, headers: [{key, value}]}</c>.
/// </summary>
internal static class GcpAwsSubjectToken
{
    public const string TokenType = "urn:ietf:params:aws:token-type:aws4_request";

    public const string TargetResourceHeader = "x-goog-cloud-target-resource";

    /// <summary>A fresh subject token for <paramref name="audience"/>, signed at <paramref name="signedAtUtc"/>.</summary>
    public static string Create(ImmutableCredentials credentials, Uri stsEndpoint, string region, string audience, DateTime signedAtUtc)
    {
        var url = new Uri(stsEndpoint, "?" + SignedCallerIdentityRequest.Action);
        var signed = SignedCallerIdentityRequest.Create(credentials, url, "", region, signedAtUtc, [new(TargetResourceHeader, audience)]);
        var headers = new JsonArray([.. signed.Headers.OrderBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .Select(h => (JsonNode)new JsonObject { ["key"] = h.Key, ["value"] = h.Value })]);
        var request = new JsonObject { ["url"] = url.AbsoluteUri, ["method"] = signed.Method, ["headers"] = headers };
        return Uri.EscapeDataString(request.ToJsonString());
    }
}
