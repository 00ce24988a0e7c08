using System.Net;
using System.Net.Sockets;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cloud.Tests.Http;

/// <summary>
/// The one transport for tenant-named hosts, against real loopback servers: a redirect is the answer (its target never
/// hears from the client), a body is read up to its budget and no further whether it is announced or streamed without
/// end (the server sees the client hang up), the whole exchange has a timeout, and calls share pooled connections.
/// </summary>
public sealed class TenantHttpTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://[fe80::1]:8080/")]
    [InlineData("http://[fd00:ec2::254]/")]
    public async Task An_instance_metadata_address_is_refused_at_connect_time(string url)
    {
        using var http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, Patience, 1 << 20);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request, CancellationToken.None));

        Assert.IsType<TenantHostRefusedException>(e.InnerException);
        Assert.Contains("is a link-local address (instance metadata)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redirect_is_the_answer_and_its_target_never_hears_from_the_client()
    {
        await using var sink = HostileHttpServer.EndlessBody();
        await using var redirect = HostileHttpServer.Redirect(new Uri(sink.BaseAddress, "/latest/meta-data/").AbsoluteUri);
        using var http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, Patience, 1 << 20);
        using var request = new HttpRequestMessage(HttpMethod.Get, redirect.BaseAddress);

        var reply = await http.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Found, reply.Status);
        Assert.Single(redirect.Requests);
        Assert.Equal(0, sink.Connections);
    }

    [Fact]
    public async Task A_body_without_end_is_read_up_to_the_budget_and_the_server_sees_the_client_stop()
    {
        await using var server = HostileHttpServer.EndlessBody();
        using var http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, Patience, 1 << 20);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress);

        var e = await Assert.ThrowsAsync<ResponseTooLargeException>(() => http.SendAsync(request, CancellationToken.None));

        Assert.Equal("1 MiB", e.LimitText);
        Assert.Contains($"{server.HostAndPort} answered more than 1 MiB", e.Message, StringComparison.Ordinal);
        await server.ClientStopped.WaitAsync(Patience);
        Assert.True(server.BodyBytesSent < 64L << 20, $"{server.BodyBytesSent} bytes were sent");
    }

    [Fact]
    public async Task A_body_announced_larger_than_the_budget_is_refused_before_it_is_read()
    {
        await using var server = HostileHttpServer.AnnouncedBody(HostileHttpServer.EndlessLimit);
        using var http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, Patience, 1 << 20);
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => http.SendAsync(request, CancellationToken.None));

        await server.ClientStopped.WaitAsync(Patience);
        Assert.True(server.BodyBytesSent < 64L << 20, $"{server.BodyBytesSent} bytes were sent");
    }

    [Fact]
    public async Task An_sdk_client_buffering_the_answer_over_the_handler_stops_at_the_budget_too()
    {
        await using var server = HostileHttpServer.EndlessBody();
        using var http = new HttpClient(TenantHttp.CreateHandler(TenantHostPolicy.LinkLocalRefused, 1 << 20));

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => http.GetByteArrayAsync(server.BaseAddress));

        await server.ClientStopped.WaitAsync(Patience);
        Assert.True(server.BodyBytesSent < 64L << 20, $"{server.BodyBytesSent} bytes were sent");
    }

    [Fact]
    public async Task The_timeout_covers_the_body_a_server_never_finishes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, TimeSpan.FromMilliseconds(500), 1 << 20);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        var call = http.SendAsync(request, CancellationToken.None);
        using var client = await listener.AcceptTcpClientAsync().WaitAsync(Patience);
        var stream = client.GetStream();
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"partial\":"u8.ToArray());

        var e = await Assert.ThrowsAsync<TimeoutException>(() => call);

        Assert.Equal("the request timed out after 0.5s", e.Message);
    }

    [Fact]
    public async Task Clients_of_one_policy_share_the_pooled_connections()
    {
        await using var server = HostileHttpServer.Redirect("http://example.invalid/");
        for (var i = 0; i < 3; i++)
        {
            using var http = new TenantHostClient(TenantHostPolicy.LinkLocalRefused, Patience, 1 << 20);
            using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseAddress);
            Assert.Equal(HttpStatusCode.Found, (await http.SendAsync(request, CancellationToken.None)).Status);
        }

        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(1, server.Connections);
    }
}
