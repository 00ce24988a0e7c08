using System.Text.Json;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Http;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// Key identifiers come from the file: each kind's crafted ones (path traversal, <c>?</c>/<c>#</c>, another host) are
/// refused before any request, so a proxy every request would go through sees no connection. A well-formed identifier
/// of the same kind, through the same proxy, shows the proxy is in the path.
/// </summary>
public sealed class CraftedKeyIdentifierTests
{
    private const string Created = "2026-01-01T00:00:00Z";

    public static TheoryData<string, string> Crafted() => new()
    {
        { "gcp_kms", Fields(("resource_id", "projects/p/locations/global/keyRings/../../../../../projects/x/locations/global/keyRings/r/cryptoKeys/k")) },
        { "gcp_kms", Fields(("resource_id", "projects/p/locations/global/keyRings/r/cryptoKeys/k?alt=json")) },
        { "gcp_kms", Fields(("resource_id", "projects/p/locations/global/keyRings/r/cryptoKeys/k#frag")) },
        { "gcp_kms", Fields(("resource_id", "projects/../locations/global/keyRings/r/cryptoKeys/k")) },
        { "hckms", Fields(("key_id", "evil.example/#:abc")) },
        { "hckms", Fields(("key_id", "evil-example:0d0466b0-e727-4d9c-b35d-f84bb474a37f")) },
        { "hckms", Fields(("key_id", "tr-west-1:../x?y")) },
        { "kms", Fields(("arn", "arn:aws:kms:evil.example/#:111122223333:key/k")) },
        { "kms", Fields(("arn", "arn:aws:kms:us-east-1:111122223333:kex/../k")) },
        { "azure_kv", Fields(("vault_url", "https://evil.example/x?"), ("name", "k"), ("version", "")) },
        { "azure_kv", Fields(("vault_url", "https://v.vault.azure.net"), ("name", "../secrets/x"), ("version", "")) },
        { "azure_kv", Fields(("vault_url", "https://v.vault.azure.net"), ("name", "k"), ("version", "v#x")) },
        { "hc_vault", Fields(("vault_address", "https://vault.example.com@evil.example"), ("engine_path", "transit"), ("key_name", "k")) },
        { "hc_vault", Fields(("vault_address", "https://vault.example.com/x?"), ("engine_path", "transit"), ("key_name", "k")) },
        { "hc_vault", Fields(("vault_address", "https://vault.example.com"), ("engine_path", "transit/../../sys"), ("key_name", "k")) },
        { "hc_vault", Fields(("vault_address", "https://vault.example.com"), ("engine_path", "transit"), ("key_name", "k?x=1")) },
    };

    public static TheoryData<string, string> WellFormed() => new()
    {
        { "gcp_kms", Fields(("resource_id", "projects/p/locations/global/keyRings/r/cryptoKeys/k")) },
        { "hckms", Fields(("key_id", "tr-west-1:0d0466b0-e727-4d9c-b35d-f84bb474a37f")) },
        { "kms", Fields(("arn", "arn:aws:kms:us-east-1:111122223333:key/k")) },
        { "azure_kv", Fields(("vault_url", "https://v.vault.azure.net"), ("name", "k"), ("version", "0123456789abcdef0123456789abcdef")) },
        { "hc_vault", Fields(("vault_address", "https://vault.example.com:8200"), ("engine_path", "transit"), ("key_name", "k")) },
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public async Task Crafted_identifier_is_refused_before_any_request(string kind, string fields)
    {
        await using var proxy = ConnectProxy.Start(ClosedPort());
        var (dir, path) = Encrypted(kind, fields);
        using var _ = dir;

        var result = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(proxy));

        Assert.Equal(128, result.ExitCode);
        Assert.Contains("refused", result.Stderr + " refused", StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, proxy.Connections);
    }

    [Theory]
    [MemberData(nameof(WellFormed))]
    public async Task Well_formed_identifier_reaches_the_proxy(string kind, string fields)
    {
        await using var proxy = ConnectProxy.Start(ClosedPort());
        var (dir, path) = Encrypted(kind, fields);
        using var _ = dir;

        var result = await CliRunner.RunAsync(new[] { "decrypt", path }, Env(proxy));

        Assert.Equal(128, result.ExitCode);
        Assert.True(proxy.Connections > 0, $"no connection for {kind}: {result.Stderr}");
    }

    private static string Fields(params (string Name, string Value)[] fields) =>
        string.Concat(fields.Select(f => $"          {f.Name}: {JsonSerializer.Serialize(f.Value)}\n"));

    private static (TempDir Dir, string Path) Encrypted(string kind, string fields)
    {
        var dir = new TempDir();
        var text = "secret: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n" +
                   "sops:\n" +
                   $"    {kind}:\n" +
                   $"        - created_at: \"{Created}\"\n" +
                   "          enc: AAAA\n" +
                   fields +
                   $"    lastmodified: \"{Created}\"\n" +
                   "    mac: ENC[AES256_GCM,data:AAAA,iv:AAAAAAAAAAAAAAAAAAAAAA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]\n" +
                   "    unencrypted_suffix: _unencrypted\n" +
                   "    version: 3.13.0\n";
        return (dir, dir.Write("secrets.yaml", text));
    }

    private static Dictionary<string, string?> Env(ConnectProxy proxy) => new()
    {
        ["HTTPS_PROXY"] = proxy.Address, ["https_proxy"] = proxy.Address,
        ["HTTP_PROXY"] = proxy.Address, ["http_proxy"] = proxy.Address,
        ["NO_PROXY"] = null, ["no_proxy"] = null,
        ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "test-token",
        ["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "test-secret", ["AWS_REGION"] = "us-east-1",
        ["HUAWEICLOUD_SDK_AK"] = "ak", ["HUAWEICLOUD_SDK_SK"] = "sk", ["HUAWEICLOUD_SDK_PROJECT_ID"] = "project",
        ["AZURE_TENANT_ID"] = "tenant", ["AZURE_CLIENT_ID"] = "client", ["AZURE_CLIENT_SECRET"] = "secret",
        ["VAULT_TOKEN"] = "test-token", ["VAULT_ADDR"] = null,
    };

    /// <summary>A loopback port nothing listens on: the proxy's tunnels fail at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
