using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// <c>SOPS_GCP_KMS_UNIVERSE_DOMAIN</c>, as sops 3.13: Cloud KMS requests go to <c>cloudkms.{domain}:443</c> (seen by a
/// CONNECT proxy every request goes through); a value that is not a plain domain name is refused before any connection.
/// </summary>
public sealed class GcpUniverseDomainTests
{
    private const string File = "secret: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n" +
        "sops:\n    gcp_kms:\n        - resource_id: projects/p/locations/global/keyRings/r/cryptoKeys/k\n" +
        "          created_at: \"2026-01-01T00:00:00Z\"\n          enc: AAAA\n" +
        "    lastmodified: \"2026-01-01T00:00:00Z\"\n" +
        "    mac: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n" +
        "    unencrypted_suffix: _unencrypted\n    version: 3.13.0\n";

    private static Dictionary<string, string?> Env(ConnectProxy proxy, string? universe) => new()
    {
        ["HTTPS_PROXY"] = proxy.Address, ["https_proxy"] = proxy.Address, ["NO_PROXY"] = null, ["no_proxy"] = null,
        ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "test-token", ["SOPS_GCP_KMS_ENDPOINT"] = null,
        ["SOPS_GCP_KMS_UNIVERSE_DOMAIN"] = universe,
    };

    [Theory]
    [InlineData(null, "cloudkms.googleapis.com:443")]
    [InlineData("s3nsapis.fr", "cloudkms.s3nsapis.fr:443")]
    public async Task Requests_go_to_cloudkms_under_the_universe_domain(string? universe, string target)
    {
        await using var proxy = ConnectProxy.Start(ClosedPort());
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", File);

        var run = await CliRunner.RunAsync(["decrypt", path], Env(proxy, universe));

        Assert.Equal(128, run.ExitCode); // the proxy's tunnel leads nowhere: no key answers
        Assert.Contains(target, proxy.Targets);
    }

    [Theory]
    [InlineData("evil.example/x?")]
    [InlineData("evil.example:8443")]
    [InlineData("user@evil.example")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public async Task A_universe_domain_that_is_not_a_domain_name_is_refused_before_any_connection(string universe)
    {
        await using var proxy = ConnectProxy.Start(ClosedPort());
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", File);

        var run = await CliRunner.RunAsync(["decrypt", path], Env(proxy, universe));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("SOPS_GCP_KMS_UNIVERSE_DOMAIN must be a domain name", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Connections);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
