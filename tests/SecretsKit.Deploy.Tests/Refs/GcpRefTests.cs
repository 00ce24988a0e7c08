using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;
using SecretsKit.Testing.Gcp;

namespace SecretsKit.Deploy.Tests.Refs;

/// <summary><c>ref+gcpsecrets://PROJECT/SECRET[?version=N][#/path]</c> (vals syntax) against the Secret Manager wire fake.</summary>
public sealed class GcpRefTests
{
    private static RefResolver Resolver(Dictionary<string, string> env) =>
        RefResolver.FromEnvironment(new KeySourceContext(new MapEnvironment(env, "/", "/"), SystemProcessRunner.Instance, TimeProvider.System),
            TestSops.Engine(), DecryptOptions.Default);

    [Fact]
    public async Task Gcpsecrets_refs_read_latest_a_pinned_version_and_typed_json_fields_with_a_service_account_key()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync("web-prod");
        gcp.AddVersion("api-token", "token-v1");
        gcp.AddVersion("api-token", "token-v2");
        gcp.AddVersion("db", """{"user":"web","port":6432,"nested":{"pw":"n-pw"}}""");
        var resolver = Resolver(new()
        {
            ["GOOGLE_CREDENTIALS"] = gcp.CreateServiceAccount(),
            ["SECRETSKIT_GCPSM_ENDPOINT"] = gcp.BaseAddress.ToString(),
        });

        var output = await YamlRefRewriter.RewriteAsync(
            "a: ref+gcpsecrets://web-prod/api-token\nb: ref+gcpsecrets://web-prod/api-token?version=1\n"
            + "c: ref+gcpsecrets://web-prod/db#/port\nd: ref+gcpsecrets://web-prod/db#/nested/pw\n", resolver, CancellationToken.None);

        Assert.Equal("a: \"token-v2\"\nb: \"token-v1\"\nc: 6432\nd: \"n-pw\"\n", output);
        Assert.Equal(4, gcp.CountCalls("access"));
    }

    [Fact]
    public async Task A_missing_gcpsecrets_secret_is_an_error_naming_the_ref_and_no_value()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync("web-prod");
        gcp.AddVersion("present", "present-value-77");
        var resolver = Resolver(new()
        {
            ["GOOGLE_CREDENTIALS"] = gcp.CreateServiceAccount(),
            ["SECRETSKIT_GCPSM_ENDPOINT"] = gcp.BaseAddress.ToString(),
        });

        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync("a: ref+gcpsecrets://web-prod/absent\n", resolver, CancellationToken.None));

        Assert.Equal(ExitCodes.Generic, e.ExitCode);
        Assert.Contains("ref+gcpsecrets://web-prod/absent", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("present-value-77", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_credentials_in_the_environment_gcpsecrets_uses_the_metadata_server_token()
    {
        await using var gcp = await FakeGcpSecretManagerServer.StartAsync("web-prod");
        gcp.AddVersion("api-token", "from-workload-identity");
        var resolver = Resolver(new()
        {
            ["GCE_METADATA_HOST"] = gcp.MetadataHost,
            ["SECRETSKIT_GCPSM_ENDPOINT"] = gcp.BaseAddress.ToString(),
        });

        var output = await YamlRefRewriter.RewriteAsync("a: ref+gcpsecrets://web-prod/api-token\n", resolver, CancellationToken.None);

        Assert.Equal("a: \"from-workload-identity\"\n", output);
        Assert.Equal(1, gcp.CountCalls("metadata-token"));
    }
}
