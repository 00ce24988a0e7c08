using System.Net.Security;
using System.Text.Json;
using System.Text.Json.Nodes;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Generators.Shared;

/// <summary>
/// One request of a generator to a host its spec names (tenant input), through <see cref="TenantHostClient"/>: no
/// redirects, no proxy, link-local addresses refused (<see cref="TenantHostPolicy.LinkLocalRefused"/>: ESO connects to
/// any host, so loopback stays allowed), a timeout, and an answer read up to 1 MiB. Every failure is the generator's
/// one-line error.
/// </summary>
internal static class TenantHostCall
{
    public const int MaxResponseBytes = 1 << 20;
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    /// <summary>
    /// The answer's JSON when its status is <paramref name="expectedStatus"/>; another status is <paramref name="statusError"/>'s
    /// message. Every failure message starts with <paramref name="context"/> (e.g. ESO's <c>unable to exchange OIDC token: </c>).
    /// </summary>
    public static async Task<JsonNode?> JsonAsync(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout,
        Func<TenantReply, string> statusError, CancellationToken ct, int expectedStatus = 200, string context = "")
    {
        var reply = await ReplyAsync(call, request, timeout, context, null, ct);
        if (reply.Code != expectedStatus) throw call.Fail(context + statusError(reply));
        try
        {
            return JsonNode.Parse(reply.Body, documentOptions: Options);
        }
        catch (JsonException)
        {
            throw call.Fail(context + "the response is not JSON");
        }
    }

    /// <summary>
    /// The answer's status and body, whatever the status (the caller words the errors, which may quote the body).
    /// <paramref name="tls"/>, when given, replaces the default TLS validation (a spec's own CA bundle).
    /// </summary>
    public static async Task<(int Status, byte[] Body)> SendAsync(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout,
        CancellationToken ct, string context = "", SslClientAuthenticationOptions? tls = null)
    {
        var reply = await ReplyAsync(call, request, timeout, context, tls, ct);
        return (reply.Code, reply.Body);
    }

    /// <summary><paramref name="body"/> as JSON, or null when it is not JSON.</summary>
    public static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<TenantReply> ReplyAsync(GeneratorCall call, HttpRequestMessage request, TimeSpan timeout, string context,
        SslClientAuthenticationOptions? tls, CancellationToken ct)
    {
        using var host = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, timeout, MaxResponseBytes, tls);
        return await ReplyAsync(call, host, request, context, "error performing request: ", ct);
    }

    /// <summary>
    /// <paramref name="host"/>'s answer to <paramref name="request"/>; a failure is the generator's error, starting with
    /// <paramref name="context"/> (and <paramref name="unreachable"/> when the host was not reached).
    /// </summary>
    public static async Task<TenantReply> ReplyAsync(GeneratorCall call, TenantHostClient host, HttpRequestMessage request, string context,
        string unreachable, CancellationToken ct)
    {
        try
        {
            return await host.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw call.Fail($"{context}{unreachable}{Echo.Bounded(e.Message)}");
        }
        catch (TimeoutException e)
        {
            throw call.Fail(context + e.Message);
        }
        catch (ResponseTooLargeException e)
        {
            throw call.Fail($"{context}the response is larger than {e.LimitText}");
        }
    }
}
