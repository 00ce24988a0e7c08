using System.Net;
using SecretsKit.Cloud.Gcp.Auth;

namespace SecretsKit.Cloud.Tests.Gcp;

/// <summary>
/// The addresses a SecretStore's credConfig token URL may not reach, checked by name and again at connect time on every
/// address a name resolves to (so a DNS name for a loopback address is refused as its literal is).
/// </summary>
public sealed class GcpExternalTokenHostTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.1.1")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fd00:ec2:1::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Loopback_link_local_metadata_and_unspecified_addresses_are_refused(string address) =>
        Assert.True(GcpExternalTokenHost.Refused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("10.0.0.4")]
    [InlineData("192.168.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("fd00:ec3::1")]
    [InlineData("2001:db8::1")]
    public void Other_addresses_are_allowed(string address) =>
        Assert.False(GcpExternalTokenHost.Refused(IPAddress.Parse(address)));

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("idp.localhost")]
    [InlineData("metadata.google.internal")]
    [InlineData("metadata")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    public void Metadata_and_loopback_names_are_refused_as_written(string host) =>
        Assert.NotNull(GcpExternalTokenHost.RefusedName(host));

    [Fact]
    public void A_public_name_is_not_refused_by_name() => Assert.Null(GcpExternalTokenHost.RefusedName("idp.example.com"));

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_without_a_connection()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var handler = new SocketsHttpHandler { ConnectCallback = GcpExternalTokenHost.ConnectAsync, UseProxy = false };
        using var http = new HttpClient(handler);

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://localhost:{port}/token")));

        Assert.Contains("localhost resolves only to loopback, link-local or metadata addresses", e.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }
}
