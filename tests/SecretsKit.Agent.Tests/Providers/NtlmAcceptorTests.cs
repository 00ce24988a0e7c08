using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using SecretsKit.Testing.Webhook;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// The webhook fake's NTLM side (<see cref="NtlmAcceptor"/>) is strict, driven message by message with .NET's own NTLM
/// client: the AUTHENTICATE is accepted only on the connection that got the CHALLENGE and only with the right password.
/// </summary>
public sealed class NtlmAcceptorTests
{
    private const string Password = "Ntlm-P@ss-9f27";

    private static SocketsHttpHandler OneConnection() => new() { MaxConnectionsPerServer = 1, UseProxy = false };

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, byte[]? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("NTLM", Convert.ToBase64String(token));
        return await http.SendAsync(request);
    }

    /// <summary>NEGOTIATE on <paramref name="first"/>, AUTHENTICATE (as <paramref name="password"/>) on <paramref name="second"/>: the final status.</summary>
    private static async Task<HttpStatusCode> HandshakeAsync(HttpClient first, HttpClient second, Uri url, string password)
    {
        using var ntlm = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = "NTLM", Credential = new NetworkCredential("svc-sync", password, "CORP"), TargetName = "HTTP/127.0.0.1",
        });
        var negotiate = ntlm.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out var status);
        Assert.Equal(NegotiateAuthenticationStatusCode.ContinueNeeded, status);
        using var challenged = await SendAsync(first, url, negotiate);
        Assert.Equal(HttpStatusCode.Unauthorized, challenged.StatusCode);
        var challenge = challenged.Headers.WwwAuthenticate.Single(h => h.Scheme == "NTLM").Parameter!;
        var authenticate = ntlm.GetOutgoingBlob(Convert.FromBase64String(challenge), out status);
        Assert.Equal(NegotiateAuthenticationStatusCode.Completed, status);
        using var answered = await SendAsync(second, url, authenticate);
        return answered.StatusCode;
    }

    [Fact]
    public async Task Ntlm_fake_accepts_the_right_password_on_the_challenged_connection_only()
    {
        await using var server = await FakeWebhookServer.StartNtlmAsync("svc-sync", "CORP", Password);
        server.Put("db", """{"password":"s3cret"}""");
        var url = new Uri(server.BaseAddress, "secrets/db");
        using var a = new HttpClient(OneConnection());
        using var b = new HttpClient(OneConnection());

        using (var anonymous = await SendAsync(a, url, null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("NTLM", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        }
        Assert.Equal(HttpStatusCode.OK, await HandshakeAsync(a, a, url, Password));
        Assert.Equal(HttpStatusCode.Unauthorized, await HandshakeAsync(a, b, url, Password)); // AUTHENTICATE on another connection
        Assert.Equal(HttpStatusCode.Unauthorized, await HandshakeAsync(b, b, url, "not-the-" + Password));
        Assert.Equal(1, server.Ntlm!.Accepted);
        Assert.Equal(2, server.Ntlm.Rejected);
    }
}
