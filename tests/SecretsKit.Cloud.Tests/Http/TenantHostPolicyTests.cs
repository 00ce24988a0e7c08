using System.Net;
using SecretsKit.Cloud.Http;

namespace SecretsKit.Cloud.Tests.Http;

/// <summary>
/// The addresses each <see cref="TenantHostPolicy"/> refuses, checked by name and again at connect time on every address
/// a name resolves to (so a DNS name for a refused address is refused as its literal is), IPv4-mapped and NAT64 forms included.
/// </summary>
public sealed class TenantHostPolicyTests
{
    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.170.2")]
    [InlineData("169.254.1.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("fe80::1%2")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fd00:ec2::23")]
    [InlineData("fd00:ec2:1::1")]
    public void Link_local_and_instance_service_addresses_are_refused_by_every_tenant_policy(string address)
    {
        Assert.True(TenantHostPolicy.LinkLocalRefused.Refused(IPAddress.Parse(address)));
        Assert.True(TenantHostPolicy.LocalRefused.Refused(IPAddress.Parse(address)));
        Assert.False(TenantHostPolicy.OperatorNamed.Refused(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public void Loopback_and_unspecified_addresses_are_refused_only_where_the_policy_says_so(string address)
    {
        Assert.False(TenantHostPolicy.LinkLocalRefused.Refused(IPAddress.Parse(address)));
        Assert.True(TenantHostPolicy.LocalRefused.Refused(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.4")]
    [InlineData("192.168.1.1")]
    [InlineData("8.8.8.8")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.1")]
    [InlineData("fec0::1")]
    [InlineData("fd00:ec3::1")]
    [InlineData("2001:db8::1")]
    [InlineData("64:ff9b::a08:a08")]
    public void Other_addresses_are_allowed(string address)
    {
        Assert.False(TenantHostPolicy.LinkLocalRefused.Refused(IPAddress.Parse(address)));
        Assert.False(TenantHostPolicy.LocalRefused.Refused(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("idp.localhost")]
    [InlineData("metadata.google.internal")]
    [InlineData("metadata")]
    [InlineData("[::1]")]
    [InlineData("169.254.169.254")]
    public void Metadata_and_loopback_names_are_refused_as_written_where_loopback_is(string host) =>
        Assert.NotNull(TenantHostPolicy.LocalRefused.RefusedName(host));

    [Fact]
    public void A_link_local_literal_is_refused_as_written_and_a_name_is_left_to_connect_time()
    {
        Assert.Equal("a link-local address (instance metadata)", TenantHostPolicy.LinkLocalRefused.RefusedName("[::ffff:169.254.169.254]"));
        Assert.Null(TenantHostPolicy.LinkLocalRefused.RefusedName("localhost"));
        Assert.Null(TenantHostPolicy.LocalRefused.RefusedName("idp.example.com"));
        Assert.Null(TenantHostPolicy.OperatorNamed.RefusedName("169.254.169.254"));
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_at_connect_time_without_a_connection()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var http = new TenantHostClient(TenantHostPolicy.LocalRefused, TimeSpan.FromSeconds(30), 1024);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://localhost:{port}/token"));

        var e = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request, CancellationToken.None));

        Assert.IsType<TenantHostRefusedException>(e.InnerException);
        Assert.Contains("localhost resolves only to loopback, link-local or metadata addresses", e.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }
}
