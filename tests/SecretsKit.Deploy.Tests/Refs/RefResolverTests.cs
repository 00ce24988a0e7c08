using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Deploy.Tests.Refs;

public sealed class RefResolverTests
{
    private static RefResolver Resolver(string cwd, Dictionary<string, string> env)
    {
        env.TryAdd("SOPS_AGE_KEY_FILE", SharedFixtures.PathOf("age-unittest-identity.txt"));
        var environment = new MapEnvironment(env, Path.GetTempPath(), cwd);
        var context = new KeySourceContext(environment, SystemProcessRunner.Instance, TimeProvider.System);
        return RefResolver.FromEnvironment(context, TestSops.Engine(cwd), DecryptOptions.Default);
    }

    [Fact]
    public async Task Env_file_and_sops_refs_resolve_with_types_kept_and_other_scalars_untouched()
    {
        using var dir = new TempDir();
        dir.Write("conf.yaml", "db:\n  port: 5432\n  host: db.local\n  tls: true\n  zip: \"01234\"\n");
        await TestSops.WriteEncryptedAsync(dir.File("secrets.yaml"), "db:\n    password: sops-pw-55\n    replicas: 3\n");
        var yaml = """
            password: ref+sops://secrets.yaml#/db/password
            replicas: ref+sops://secrets.yaml#/db/replicas
            port: ref+file://conf.yaml#/db/port
            tls: ref+file://conf.yaml#/db/tls
            zip: ref+file://conf.yaml#/db/zip
            token: ref+env://MY_TOKEN
            plain: not-a-ref+thing
            list:
              - ref+env://MY_TOKEN
            """;
        var output = await YamlRefRewriter.RewriteAsync(yaml, Resolver(dir.Path, new() { ["MY_TOKEN"] = "123" }), CancellationToken.None);
        Assert.NotNull(output);
        Assert.Contains("password: \"sops-pw-55\"", output, StringComparison.Ordinal);
        Assert.Contains("replicas: 3\n", output, StringComparison.Ordinal);
        Assert.Contains("port: 5432\n", output, StringComparison.Ordinal);
        Assert.Contains("tls: true\n", output, StringComparison.Ordinal);
        Assert.Contains("zip: \"01234\"", output, StringComparison.Ordinal);
        Assert.Contains("token: \"123\"", output, StringComparison.Ordinal);
        Assert.Contains("- \"123\"", output, StringComparison.Ordinal);
        Assert.Contains("plain: not-a-ref+thing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Yaml_without_refs_is_reported_unchanged()
    {
        Assert.Null(await YamlRefRewriter.RewriteAsync("a: 1\n", Resolver("/", new()), CancellationToken.None));
    }

    [Theory]
    [InlineData("ref+env://NOPE_NOT_SET", "NOPE_NOT_SET")]
    [InlineData("ref+file://missing.yaml", "missing.yaml")]
    [InlineData("ref+file://conf.yaml#/db/nothere", "nothere")]
    [InlineData("ref+bogus://x", "bogus")]
    [InlineData("ref+file://broken.yaml#/a", "broken.yaml")]
    public async Task A_missing_ref_is_an_error_naming_the_ref_never_an_empty_string(string reference, string named)
    {
        using var dir = new TempDir();
        dir.Write("conf.yaml", "db:\n  port: 5432\n");
        dir.Write("broken.yaml", "a: [broken\nb: 1\n");
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync($"v: {reference}\n", Resolver(dir.Path, new()), CancellationToken.None));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.Contains(reference.Split('#')[0], e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vault_refs_read_kv2_over_http_with_json_types_kept_and_missing_fields_fail()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.Kv2PutJson("secret", "app/db", """{"password":"vault-pw-66","port":8200,"debug":false}""");
        var resolver = Resolver("/", new() { ["VAULT_ADDR"] = vault.BaseAddress.ToString().TrimEnd('/'), ["VAULT_TOKEN"] = vault.RootToken });
        var output = await YamlRefRewriter.RewriteAsync(
            "a: ref+vault://secret/app/db#/password\nb: ref+vault://secret/app/db#/port\nc: ref+vault://secret/app/db#/debug\n",
            resolver, CancellationToken.None);
        Assert.Equal("a: \"vault-pw-66\"\nb: 8200\nc: false\n", output);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            YamlRefRewriter.RewriteAsync("a: ref+vault://secret/app/nope#/password\n", resolver, CancellationToken.None));
        Assert.Contains("ref+vault://secret/app/nope", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("vault-pw-66", e.Message, StringComparison.Ordinal);
    }
}
