using System.Globalization;
using System.Security.Cryptography;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Testing.Aws.Sts;

/// <summary>One STS call the fake answered (Status 200) or refused: who asked for which role, with what.</summary>
public sealed record FakeStsCall(string Action, string RoleArn, string SessionName, int Status)
{
    /// <summary>AssumeRoleWithWebIdentity: the token's subject and audiences (verified ones only).</summary>
    public string? Subject { get; init; }

    public IReadOnlyList<string> Audiences { get; init; } = [];

    /// <summary>AssumeRole: the access key id that signed the call, the ExternalId and the session tags sent.</summary>
    public string? CallerAccessKeyId { get; init; }

    public string? ExternalId { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> TransitiveTagKeys { get; init; } = [];
}

/// <summary>
/// AWS STS on 127.0.0.1, Query protocol (form POST, XML answers): <c>AssumeRoleWithWebIdentity</c> (unsigned; the token is
/// verified against the Kubernetes API fake's signer: signature, audience, expiry on this fake's clock, and the role's
/// trusted ServiceAccount) and <c>AssumeRole</c> (SigV4 for service <c>sts</c> verified against the trusted caller's key,
/// ExternalId checked, session tags recorded), and <c>GetSessionToken</c> (FakeStsServer.SessionToken.cs). Each role hands
/// out the fixed credentials it was added with, so the service fakes can expect them. Errors are STS's
/// (<c>InvalidIdentityToken</c>, <c>ExpiredTokenException</c>, <c>AccessDenied</c>).
/// </summary>
public sealed partial class FakeStsServer : FakeHttpServer
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Role> _roles = new(StringComparer.Ordinal);
    private readonly List<FakeStsCall> _calls = [];
    private readonly TimeProvider _time;

    private sealed record Role(string AccessKeyId, string SecretAccessKey)
    {
        public (FakeServiceAccountIssuer Issuer, string Subject, string Audience)? WebIdentity { get; init; }

        public (string AccessKeyId, string SecretAccessKey, string? ExternalId)? Caller { get; init; }
    }

    private FakeStsServer(string region, TimeProvider time) => (Region, _time) = (region, time);

    public static async Task<FakeStsServer> StartAsync(string region = "us-east-1", TimeProvider? time = null)
    {
        var server = new FakeStsServer(region, time ?? TimeProvider.System);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>The region AssumeRole must be signed for.</summary>
    public string Region { get; }

    public IReadOnlyList<FakeStsCall> Calls
    {
        get { lock (_gate) return [.. _calls]; }
    }

    /// <summary>A role assumable with a web identity token of <c>NS/NAME</c> for <paramref name="audience"/>, handing out the given keys.</summary>
    public void AddWebIdentityRole(string roleArn, FakeServiceAccountIssuer issuer, string ns, string serviceAccount, string issuedAccessKeyId,
        string issuedSecretAccessKey, string audience = "sts.amazonaws.com")
    {
        lock (_gate)
        {
            _roles[roleArn] = Existing(roleArn, issuedAccessKeyId, issuedSecretAccessKey) with
            {
                WebIdentity = (issuer, $"system:serviceaccount:{ns}:{serviceAccount}", audience),
            };
        }
    }

    /// <summary>A role the holder of <paramref name="callerAccessKeyId"/> may assume (with <paramref name="externalId"/> when set), handing out the given keys.</summary>
    public void AddAssumableRole(string roleArn, string callerAccessKeyId, string callerSecretAccessKey, string issuedAccessKeyId,
        string issuedSecretAccessKey, string? externalId = null)
    {
        lock (_gate)
        {
            _roles[roleArn] = Existing(roleArn, issuedAccessKeyId, issuedSecretAccessKey) with
            {
                Caller = (callerAccessKeyId, callerSecretAccessKey, externalId),
            };
        }
    }

    private Role Existing(string roleArn, string id, string secret) =>
        _roles.TryGetValue(roleArn, out var r) ? r with { AccessKeyId = id, SecretAccessKey = secret } : new Role(id, secret);

    /// <summary>Every call counts as <c>sts</c> (the action is in the body); <see cref="Calls"/> has each action.</summary>
    protected override string OperationOf(HttpContext context) => "sts";

    protected override async Task HandleAsync(HttpContext context, string operation)
    {
        if (await TryApplyFaultAsync(context, operation)) return;
        var payload = await ReadBodyAsync(context);
        var form = QueryHelpers.ParseQuery(payload);
        string F(string name) => form.TryGetValue(name, out var v) ? v.ToString() : "";
        operation = F("Action");
        if (operation == "GetSessionToken")
        {
            await SessionTokenAsync(context, payload);
            return;
        }
        if (F("Version") != "2011-06-15" || F("RoleArn").Length == 0 || F("RoleSessionName").Length is < 2 or > 64)
        {
            await ErrorAsync(context, 400, "ValidationError", "RoleArn, RoleSessionName (2-64 characters) and Version 2011-06-15 are required");
            return;
        }
        Role? role;
        lock (_gate) _roles.TryGetValue(F("RoleArn"), out role);
        var call = new FakeStsCall(operation, F("RoleArn"), F("RoleSessionName"), 200);
        var (status, code, message, done) = operation switch
        {
            "AssumeRoleWithWebIdentity" => WebIdentity(role, F("WebIdentityToken"), ref call),
            "AssumeRole" => Assume(context, role, form, payload, ref call),
            _ => (400, "InvalidAction", $"Could not find operation {operation} for version 2011-06-15", false),
        };
        lock (_gate) _calls.Add(call with { Status = status });
        if (!done)
        {
            await ErrorAsync(context, status, code!, message!);
            return;
        }
        // the SDK's credential cache compares with the real clock, so the credentials expire an hour from real now
        var expiration = DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            $"<{operation}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{operation}Result><Credentials>" +
            $"<AccessKeyId>{role!.AccessKeyId}</AccessKeyId><SecretAccessKey>{role.SecretAccessKey}</SecretAccessKey>" +
            $"<SessionToken>{Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))}</SessionToken><Expiration>{expiration}</Expiration>" +
            $"</Credentials><AssumedRoleUser><Arn>{SecurityElement.Escape(call.RoleArn)}</Arn><AssumedRoleId>AROAFAKE:{SecurityElement.Escape(call.SessionName)}</AssumedRoleId></AssumedRoleUser>" +
            $"</{operation}Result><ResponseMetadata><RequestId>{Guid.NewGuid()}</RequestId></ResponseMetadata></{operation}Response>");
    }

    private (int, string?, string?, bool) WebIdentity(Role? role, string token, ref FakeStsCall call)
    {
        if (role?.WebIdentity is not { } trust) return (403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", false);
        var (claims, refusal) = trust.Issuer.Verify(token, trust.Audience, _time.GetUtcNow());
        if (claims is null)
        {
            return refusal!.StartsWith("token is expired", StringComparison.Ordinal)
                ? (400, "ExpiredTokenException", "Token expired: current date/time is after the token's expiry (exp)", false)
                : refusal.StartsWith("invalid audience", StringComparison.Ordinal)
                    ? (400, "InvalidIdentityToken", "Incorrect token audience", false)
                    : (400, "InvalidIdentityToken", "Couldn't verify the token: " + refusal, false);
        }
        var subject = FakeServiceAccountIssuer.Subject(claims);
        call = call with { Subject = subject, Audiences = claims["aud"] is System.Text.Json.Nodes.JsonArray a ? [.. a.Select(x => x!.GetValue<string>())] : [] };
        return subject == trust.Subject ? (200, null, null, true) : (403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity", false);
    }

    [GeneratedRegex("^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\\d{8})/(?<region>[^/]+)/sts/aws4_request, ?SignedHeaders=(?<headers>[a-z0-9;-]+), ?Signature=(?<sig>[0-9a-f]{64})$")]
    private static partial Regex StsAuthorization();

    private (int, string?, string?, bool) Assume(HttpContext context, Role? role, Dictionary<string, StringValues> form, string payload, ref FakeStsCall call)
    {
        var match = StsAuthorization().Match(context.Request.Headers.Authorization.ToString());
        var amzDate = context.Request.Headers["X-Amz-Date"].ToString();
        if (!match.Success || match.Groups["region"].Value != Region || !amzDate.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal))
        {
            return (403, "IncompleteSignature", "Request must be signed with SigV4 for service sts in " + Region, false);
        }
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; form.ContainsKey($"Tags.member.{i}.Key"); i++) tags[form[$"Tags.member.{i}.Key"].ToString()] = form[$"Tags.member.{i}.Value"].ToString();
        List<string> transitive = [];
        for (var i = 1; form.ContainsKey($"TransitiveTagKeys.member.{i}"); i++) transitive.Add(form[$"TransitiveTagKeys.member.{i}"].ToString());
        call = call with
        {
            CallerAccessKeyId = match.Groups["key"].Value,
            ExternalId = form.TryGetValue("ExternalId", out var externalId) ? externalId.ToString() : null,
            Tags = tags,
            TransitiveTagKeys = transitive,
        };
        if (role?.Caller is not { } caller || caller.AccessKeyId != call.CallerAccessKeyId)
        {
            return (403, "AccessDenied", $"User {call.CallerAccessKeyId} is not authorized to perform: sts:AssumeRole on resource: {call.RoleArn}", false);
        }
        var computed = SigV4Verifier.Signature(context, match.Groups["headers"].Value.Split(';'),
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload))), amzDate, match.Groups["date"].Value, Region, "sts", caller.SecretAccessKey);
        if (computed != match.Groups["sig"].Value)
        {
            return (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.", false);
        }
        if (caller.ExternalId is { } expected && expected != call.ExternalId)
        {
            return (403, "AccessDenied", $"User {call.CallerAccessKeyId} is not authorized to perform: sts:AssumeRole on resource: {call.RoleArn}", false);
        }
        return (200, null, null, true);
    }

    protected override Task WriteFaultAsync(HttpContext context, FakeFault fault) => fault.Kind switch
    {
        FakeFaultKind.Throttling or FakeFaultKind.TooManyRequests => ErrorAsync(context, 400, "Throttling", "Rate exceeded"),
        FakeFaultKind.Forbidden => ErrorAsync(context, 403, "AccessDenied", "Access denied"),
        _ => ErrorAsync(context, 500, "InternalFailure", "An internal error occurred"),
    };

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(
            $"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>{code}</Code>" +
            $"<Message>{SecurityElement.Escape(message)}</Message></Error><RequestId>{Guid.NewGuid()}</RequestId></ErrorResponse>");
    }
}
