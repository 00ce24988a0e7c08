using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Cli.Tests.KeyManagement;
using SecretsKit.Testing.Aws.S3;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Gcp;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cli.Tests.Commands.Deploy;

/// <summary>
/// <c>publish</c> with <c>.sops.yaml</c> destination_rules against the wire fakes: S3 (SigV4 verified), GCS (bearer tokens
/// issued by the fake's token endpoint), Vault KV v1 and v2. The file is encrypted for one age key; the recreation rule
/// names another, so a published object opens only with the rule's key.
/// </summary>
public sealed class PublishCommandTests
{
    private const string Plain = "db:\n    user: app\n    password: pub-secret-1\n";

    private static Dictionary<string, string?> Env(IDictionary<string, string?>? extra = null)
    {
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        return env;
    }

    private static async Task<string> DecryptAsync(TempDir dir, byte[] published, string identity)
    {
        var copy = dir.Write("published-copy.yaml", Encoding.UTF8.GetString(published));
        var run = await CliRunner.RunAsync(["decrypt", copy], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = identity });
        File.Delete(copy);
        return run.ExitCode == 0 ? run.StdoutText : "exit " + run.ExitCode;
    }

    [Fact]
    public async Task S3_gets_the_file_reencrypted_for_the_recreation_rule_with_a_verified_sigv4_signature()
    {
        await using var s3 = await FakeS3Server.StartAsync();
        s3.CreateBucket("team-secrets");
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"destination_rules:\n  - s3_bucket: team-secrets\n    s3_prefix: prod/\n    path_regex: \\.yaml$\n" +
            $"    recreation_rule:\n      age: {TestKeys.OtherAgeRecipient}\n");
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], Env(s3.Environment), cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var published = s3.StoredObject("team-secrets", "prod/app.yaml") ?? throw new InvalidOperationException("nothing published: " + run.Stderr);
        Assert.DoesNotContain("pub-secret-1", Encoding.UTF8.GetString(published), StringComparison.Ordinal);
        Assert.Equal(Plain, await DecryptAsync(dir, published, TestKeys.OtherAgeIdentityFile));
        Assert.NotEqual(Plain, await DecryptAsync(dir, published, TestKeys.AgeIdentityFile)); // re-encrypted: the old key is gone
        Assert.Contains(TestKeys.OtherAgeRecipient, run.Stderr, StringComparison.Ordinal); // the key-group change is shown
        Assert.EndsWith("secretskit: app.yaml: published to s3://team-secrets/prod/app.yaml\n", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("pub-secret-1", run.Stdout.Length == 0 ? run.Stderr : run.StdoutText + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_without_any_aws_credential_is_a_one_line_error_and_a_hint()
    {
        await using var s3 = await FakeS3Server.StartAsync();
        s3.CreateBucket("team-secrets");
        using var dir = new TempDir();
        dir.Write(".sops.yaml", "destination_rules:\n  - s3_bucket: team-secrets\n");
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);
        var env = Env(s3.Environment);
        foreach (var name in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
                     "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI" }) env[name] = null;
        env["AWS_SHARED_CREDENTIALS_FILE"] = dir.File("none-credentials");
        env["AWS_CONFIG_FILE"] = dir.File("none-config");
        env["AWS_EC2_METADATA_DISABLED"] = "true";
        env["HOME"] = dir.Path;

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], env, cwd: dir.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            ["secretskit: error: s3: no AWS credentials found (tried the environment, the shared config and credentials files, web identity, container and instance metadata)",
             "secretskit: hint: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with an IAM role (IRSA, instance profile)"],
            run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Null(s3.StoredObject("team-secrets", "app.yaml"));
    }

    [Fact]
    public async Task Without_a_sops_yaml_publish_exits_61_as_the_exit_code_table_says()
    {
        using var dir = new TempDir();
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], Env(new Dictionary<string, string?> { ["HOME"] = dir.Path }), cwd: dir.Path);

        Assert.Equal(61, run.ExitCode);
        var table = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "docs", "reference", "exit-codes.md"));
        Assert.Contains(table.Split('\n'), l => l.StartsWith("| 61 |", StringComparison.Ordinal) && l.Contains("`publish`", StringComparison.Ordinal));
    }

    [Fact]
    public async Task S3_refuses_a_wrong_secret_key_and_the_fake_stores_nothing()
    {
        await using var s3 = await FakeS3Server.StartAsync();
        s3.CreateBucket("team-secrets");
        using var dir = new TempDir();
        dir.Write(".sops.yaml", "destination_rules:\n  - s3_bucket: team-secrets\n");
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);
        var env = s3.Environment;
        env["AWS_SECRET_ACCESS_KEY"] = "not-the-secret";

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], Env(env), cwd: dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("s3: cannot upload s3://team-secrets/app.yaml: 403 SignatureDoesNotMatch", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(s3.Keys("team-secrets"));
    }

    [Theory]
    [InlineData("s3_bucket: Evil.example.com/x", "is not a valid bucket name")]
    [InlineData("s3_bucket: team-secrets\n    s3_prefix: ../../other/", "contains a '.' or '..' segment")]
    [InlineData("gcs_bucket: a/b", "is not a valid bucket name")]
    [InlineData("vault_path: ../sys/", "is not a usable secret path")]
    [InlineData("vault_path: x\n    vault_address: http://user:pw@evil.example", "is not a Vault address")]
    [InlineData("s3_bucket: team-secrets\n    gcs_bucket: team-secrets", "more than one destination")]
    public async Task A_hostile_destination_is_refused_before_any_request(string rule, string message)
    {
        await using var s3 = await FakeS3Server.StartAsync();
        s3.CreateBucket("team-secrets");
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"destination_rules:\n  - {rule}\n");
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], Env(s3.Environment), cwd: dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'), l => l.StartsWith("secretskit: error", StringComparison.Ordinal));
        Assert.Equal(0, s3.TotalCalls);
    }

    [Fact]
    public async Task Gcs_gets_the_file_as_is_without_a_recreation_rule_recursively_with_extensions_omitted()
    {
        await using var gcs = await FakeGcsServer.StartAsync();
        gcs.CreateBucket("team_secrets");
        using var dir = new TempDir();
        var credentials = dir.Write("sa.json", gcs.CreateServiceAccount());
        dir.Write(".sops.yaml", "destination_rules:\n  - gcs_bucket: team_secrets\n    gcs_prefix: env/\n");
        var a = await CoreFiles.EncryptYamlAsync(dir.File("conf/a.yaml"), Plain, TestKeys.AgeRecipient);
        var b = await CoreFiles.EncryptYamlAsync(dir.File("conf/sub/b.yaml"), "k: v\n", TestKeys.AgeRecipient);
        var env = Env(new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = credentials, ["SECRETSKIT_GCS_ENDPOINT"] = gcs.BaseAddress.ToString() });

        var flat = await CliRunner.RunAsync(["publish", "--yes", "conf"], env, cwd: dir.Path);
        Assert.NotEqual(0, flat.ExitCode);
        Assert.Contains("can't operate on a directory without --recursive flag", flat.Stderr, StringComparison.Ordinal);

        var run = await CliRunner.RunAsync(["publish", "--yes", "--recursive", "--omit-extensions", "conf"], env, cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(File.ReadAllBytes(a), gcs.StoredObject("team_secrets", "env/a"));
        Assert.Equal(File.ReadAllBytes(b), gcs.StoredObject("team_secrets", "env/sub/b"));
        Assert.True(gcs.TokenCalls > 0);
        Assert.Equal(0, gcs.Unauthorized); // the fake refuses a token without a devstorage scope, as Cloud Storage does
        Assert.Contains("secretskit: conf/sub/b.yaml: published to gcs://team_secrets/env/sub/b\n", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Gcs_gets_the_file_reencrypted_for_the_recreation_rule()
    {
        await using var gcs = await FakeGcsServer.StartAsync();
        gcs.CreateBucket("team-secrets");
        using var dir = new TempDir();
        var credentials = dir.Write("sa.json", gcs.CreateServiceAccount());
        dir.Write(".sops.yaml", $"destination_rules:\n  - gcs_bucket: team-secrets\n    recreation_rule:\n      age: {TestKeys.OtherAgeRecipient}\n");
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);
        var env = Env(new Dictionary<string, string?> { ["GOOGLE_APPLICATION_CREDENTIALS"] = credentials, ["SECRETSKIT_GCS_ENDPOINT"] = gcs.BaseAddress.ToString() });

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], env, cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var published = gcs.StoredObject("team-secrets", "app.yaml") ?? throw new InvalidOperationException("nothing published: " + run.Stderr);
        Assert.Equal(Plain, await DecryptAsync(dir, published, TestKeys.OtherAgeIdentityFile));
        Assert.NotEqual(Plain, await DecryptAsync(dir, published, TestKeys.AgeIdentityFile));
    }

    [Fact]
    public async Task Gcs_refuses_an_upload_whose_token_it_did_not_issue()
    {
        await using var gcs = await FakeGcsServer.StartAsync();
        gcs.CreateBucket("team-secrets");
        using var dir = new TempDir();
        dir.Write(".sops.yaml", "destination_rules:\n  - gcs_bucket: team-secrets\n");
        await CoreFiles.EncryptYamlAsync(dir.File("app.yaml"), Plain, TestKeys.AgeRecipient);
        var env = Env(new Dictionary<string, string?> { ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "ya29.forged", ["SECRETSKIT_GCS_ENDPOINT"] = gcs.BaseAddress.ToString() });

        var run = await CliRunner.RunAsync(["publish", "--yes", "app.yaml"], env, cwd: dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("gcs: cannot upload gcs://team-secrets/app.yaml: 401", run.Stderr, StringComparison.Ordinal);
        Assert.Null(gcs.StoredObject("team-secrets", "app.yaml"));
        Assert.Equal(1, gcs.Unauthorized);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Vault_kv_gets_the_decrypted_values_and_an_unchanged_secret_is_not_written_again(int version)
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableKv("kv", version);
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"destination_rules:\n  - vault_path: apps/\n    vault_address: {vault.BaseAddress.ToString().TrimEnd('/')}\n" +
            $"    vault_kv_mount_name: kv/\n    vault_kv_version: {version}\n");
        await CoreFiles.EncryptYamlAsync(dir.File("web.yaml"), Plain, TestKeys.AgeRecipient);
        var env = Env(new Dictionary<string, string?> { ["VAULT_TOKEN"] = vault.RootToken, ["VAULT_ADDR"] = null });

        var run = await CliRunner.RunAsync(["publish", "-y", "--omit-extensions", "web.yaml"], env, cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        var stored = version == 1 ? vault.Kv1Current("kv", "apps/web") : vault.Kv2Current("kv", "apps/web");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"db":{"user":"app","password":"pub-secret-1"}}"""), JsonNode.Parse(stored!)), stored);
        Assert.DoesNotContain("pub-secret-1", run.Stderr, StringComparison.Ordinal);
        if (version == 2)
        {
            var again = await CliRunner.RunAsync(["publish", "-y", "--omit-extensions", "web.yaml"], env, cwd: dir.Path);
            Assert.True(again.ExitCode == 0, again.Stderr);
            Assert.Contains("already up-to-date", again.Stderr, StringComparison.Ordinal);
            Assert.Equal(1, vault.Kv2VersionCount("kv", "apps/web"));
        }
    }

    [Fact]
    public async Task Without_yes_and_without_a_terminal_nothing_is_published()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableKv("secret", 2);
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"destination_rules:\n  - vault_path: apps\n    vault_address: {vault.BaseAddress}\n");
        await CoreFiles.EncryptYamlAsync(dir.File("web.yaml"), Plain, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(["publish", "web.yaml"], Env(new Dictionary<string, string?> { ["VAULT_TOKEN"] = vault.RootToken }), cwd: dir.Path);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("pass --yes", run.Stderr, StringComparison.Ordinal);
        Assert.Null(vault.Kv2Current("secret", "apps/web.yaml"));
    }
}
