using System.Text.Json.Nodes;
using Amazon.Runtime;
using SecretsKit.Cloud.Aws.Auth;
using SecretsKit.Cloud.Aws.Http;
using SecretsKit.Cloud.Providers;

namespace SecretsKit.Cloud.Gcp.Auth;

/// <summary>
/// ESO's <c>workloadIdentityFederation.awsSecurityCredentials</c>: AWS keys from a Secret (ESO's fixed keys
/// <c>aws_access_key_id</c>, <c>aws_secret_access_key</c>, optional <c>aws_session_token</c>) sign a GetCallerIdentity for
/// <c>region</c> (<see cref="GcpAwsSubjectToken"/>), signed afresh for each exchange at Google STS for the pool's
/// <c>audience</c>; then, with a Google service account email, IAM Credentials impersonation. The request is signed for
/// the store's STS endpoint (<c>AWS_STS_ENDPOINT</c>), else the region's.
/// </summary>
internal static class GcpAwsFederation
{
    /// <param name="spec">The store.</param>
    /// <param name="region">The checked AWS region the request is signed for.</param>
    /// <param name="secretRef">The <c>awsCredentialsSecretRef</c> selector (its <c>key</c> is replaced by ESO's fixed keys).</param>
    /// <param name="field">Its spec path, for messages.</param>
    /// <param name="audience">The pool's audience.</param>
    /// <param name="email">The Google service account to impersonate, if any.</param>
    /// <param name="http">The client of the exchanges.</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task<GcpTokenSource> CreateAsync(ProviderSpec spec, string region, JsonObject secretRef, string field, string audience, string? email,
        HttpClient http, CancellationToken ct)
    {
        JsonObject Key(string key)
        {
            var selector = (JsonObject)secretRef.DeepClone();
            selector["key"] = key;
            return selector;
        }
        var read = spec.Credentials;
        var id = await read.ReadAsync(Key("aws_access_key_id"), field, ct).ConfigureAwait(false);
        var secret = await read.ReadAsync(Key("aws_secret_access_key"), field, ct).ConfigureAwait(false);
        string? session;
        try
        {
            session = await read.ReadAsync(Key("aws_session_token"), field, ct).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // the key is optional and the reader's "no such key" type is the agent's; the same Secret's other keys were just read
        catch (Exception e) when (e is not OperationCanceledException)
        {
            session = null;
        }
#pragma warning restore CA1031
        var credentials = new ImmutableCredentials(id, secret, session ?? "");
        var sts = spec.Context.Endpoints.GetValueOrDefault("STS") ?? StsClient.RegionalEndpoint(region);
        var time = spec.Context.Time;
        return new GcpFederatedTokenSource(http, spec.Context.Setting<GcpEndpoints>(), audience,
            _ => Task.FromResult(GcpAwsSubjectToken.Create(credentials, sts, region, audience, time.GetUtcNow().UtcDateTime)),
            email, spec.Context.Ambient.Time, GcpAwsSubjectToken.TokenType);
    }
}
