using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyService;

/// <summary>
/// <c>--keyservice</c> and <c>--enable-local-keyservice</c>: against an independent grpc-js key service that records each
/// request's fields, and against a second <c>secretskit keyservice</c> process that alone holds the age identity.
/// </summary>
public sealed class KeyServiceClientTests
{
    private const string Plain = "password: hunter-ks\n";
    private const string AzureVersion = "0123456789abcdef0123456789abcdef";
    private const string Hckms = "tr-west-1:0b5e0a43-1111-4c4c-9c9c-2f2f2f2f2f2f";

    private static Dictionary<string, string?> NoKeys() => new() { ["SOPS_AGE_KEY_FILE"] = null, ["GNUPGHOME"] = "/nonexistent-gnupg" };

    [Fact]
    public async Task Encrypt_and_decrypt_with_the_local_service_off_send_exactly_sops_fields_to_the_peer()
    {
        using var dir = new TempDir();
        await using var peer = await GrpcJsPeer.ServeAsync(dir);
        var path = dir.Write("s.yaml", Plain);
        const string arn = "arn:aws:kms:eu-west-1:111122223333:key/ks-test";
        const string role = "arn:aws:iam::111122223333:role/ks";
        const string gcp = "projects/p/locations/global/keyRings/r/cryptoKeys/k";
        var encrypt = await CliRunner.RunAsync(
        [
            "encrypt", "-i", "--enable-local-keyservice=false", "--keyservice", peer.Uri,
            "--kms", $"{arn}+{role}", "--encryption-context", "app:web", "--aws-profile", "prod",
            "--hc-vault-transit", "http://vault.example:8200/v1/transit/keys/ks",
            "--azure-kv", $"https://ks.vault.azure.net/keys/ks/{AzureVersion}",
            "--gcp-kms", gcp, "--age", TestKeys.AgeRecipient, "--pgp", GnupgHome.Key1, "--hckms", Hckms,
            path,
        ], NoKeys());
        Assert.True(encrypt.ExitCode == 0, encrypt.Stderr);
        var sent = peer.Requests.Where(r => (string)r["method"]! == "Encrypt").Select(r => r["key"]!.AsObject()).ToList();
        Assert.Equal(7, sent.Count);
        void Fields(string kind, string expected)
        {
            var actual = sent.Single(k => (string)k["key_type"]! == kind)[kind]!;
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"{kind}: expected {expected}, sent {actual.ToJsonString()}");
        }
        Fields("kms_key", $"{{\"arn\":\"{arn}\",\"role\":\"{role}\",\"context\":{{\"app\":\"web\"}},\"aws_profile\":\"prod\"}}");
        Fields("vault_key", "{\"vault_address\":\"http://vault.example:8200\",\"engine_path\":\"transit\",\"key_name\":\"ks\"}");
        Fields("azure_keyvault_key", $"{{\"vault_url\":\"https://ks.vault.azure.net\",\"name\":\"ks\",\"version\":\"{AzureVersion}\"}}");
        Fields("gcp_kms_key", $"{{\"resource_id\":\"{gcp}\"}}");
        Fields("age_key", $"{{\"recipient\":\"{TestKeys.AgeRecipient}\"}}");
        Fields("pgp_key", $"{{\"fingerprint\":\"{GnupgHome.Key1}\"}}");
        Fields("hckms_key", $"{{\"key_id\":\"{Hckms}\"}}");
        Assert.Contains("enc: peer:", File.ReadAllText(path), StringComparison.Ordinal);

        var decrypt = await CliRunner.RunAsync(["decrypt", "--enable-local-keyservice=false", "--keyservice", peer.Uri, path], NoKeys());
        Assert.True(decrypt.ExitCode == 0, decrypt.Stderr);
        Assert.Equal(Plain, decrypt.StdoutText);
        Assert.Contains(peer.Requests, r => (string)r["method"]! == "Decrypt");
        Assert.DoesNotContain("hunter-ks", File.ReadAllText(path), StringComparison.Ordinal);

        var rotate = await CliRunner.RunAsync(["rotate", "-i", path], new Dictionary<string, string?>(NoKeys())
        {
            ["SOPS_KEYSERVICE"] = peer.Uri, ["SOPS_ENABLE_LOCAL_KEYSERVICE"] = "false",
        });
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        Assert.Equal(14, peer.Requests.Count(r => (string)r["method"]! == "Encrypt")); // a new data key wrapped by all 7 keys again
        var again = await CliRunner.RunAsync(["decrypt", "--enable-local-keyservice=false", "--keyservice", peer.Uri, path], NoKeys());
        Assert.Equal(Plain, again.StdoutText);
    }

    [Fact]
    public async Task Two_processes_only_the_server_holds_the_age_key_and_files_cross_between_remote_and_local()
    {
        using var dir = new TempDir();
        await using var server = await KeyServiceServerProcess.StartAsync(
            new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile }, dir.File("ks.sock"));
        var remote = dir.Write("remote.yaml", Plain);
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--enable-local-keyservice=false", "--keyservice", server.Uri, "--age", TestKeys.AgeRecipient, remote], NoKeys());
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var locally = await CliRunner.RunAsync(["decrypt", remote], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        Assert.True(locally.ExitCode == 0, locally.Stderr);
        Assert.Equal(Plain, locally.StdoutText);

        var local = dir.Write("local.yaml", Plain);
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, local], NoKeys())).ExitCode);
        var viaServer = await CliRunner.RunAsync(["decrypt", "--enable-local-keyservice=false", "--keyservice", server.Uri, local], NoKeys());
        Assert.True(viaServer.ExitCode == 0, viaServer.Stderr);
        Assert.Equal(Plain, viaServer.StdoutText);

        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient},{TestKeys.OtherAgeRecipient}\n");
        var updatekeys = await CliRunner.RunAsync(["updatekeys", "-y", "--enable-local-keyservice=false", "--keyservice", server.Uri, local], NoKeys(), cwd: dir.Path);
        Assert.True(updatekeys.ExitCode == 0, updatekeys.Stderr);
        var byOther = await CliRunner.RunAsync(["decrypt", local], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });
        Assert.True(byOther.ExitCode == 0, byOther.Stderr); // the server unwrapped the data key; the client wrapped it for the new recipient through the server
        Assert.Equal(Plain, byOther.StdoutText);
        Assert.Contains("decrypt request", server.Stderr, StringComparison.Ordinal);
        Assert.Contains($"encrypt request with age key {TestKeys.OtherAgeRecipient}", server.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter-ks", server.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task First_service_down_the_second_answers_all_down_fails_naming_them_and_leaves_the_file()
    {
        using var dir = new TempDir();
        await using var server = await KeyServiceServerProcess.StartAsync(new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile });
        const string down = "tcp://127.0.0.1:1";
        var path = dir.Write("s.yaml", Plain);
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--enable-local-keyservice=false", "--keyservice", down, "--keyservice", server.Uri, "--age", TestKeys.AgeRecipient, path], NoKeys());
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var encrypted = File.ReadAllBytes(path);
        var mtime = File.GetLastWriteTimeUtc(path);

        var missing = dir.File("none.sock");
        var rotate = await CliRunner.RunAsync(["rotate", "-i", "--enable-local-keyservice=false", "--keyservice", down, "--keyservice", "unix://" + missing, path], NoKeys());
        Assert.NotEqual(0, rotate.ExitCode);
        Assert.Contains($"key service {down}: connection refused", rotate.Stderr, StringComparison.Ordinal);
        Assert.Contains($"key service unix://{missing}", rotate.Stderr, StringComparison.Ordinal);
        Assert.Equal(encrypted, File.ReadAllBytes(path));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));
        Assert.StartsWith("secretskit: error: ", rotate.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", rotate.Stderr, StringComparison.Ordinal);

        var plain = dir.Write("p.yaml", Plain);
        var encDown = await CliRunner.RunAsync(["encrypt", "-i", "--enable-local-keyservice=false", "--keyservice", down, "--age", TestKeys.AgeRecipient, plain], NoKeys());
        Assert.NotEqual(0, encDown.ExitCode);
        Assert.Contains(down, encDown.Stderr, StringComparison.Ordinal);
        Assert.Equal(Plain, File.ReadAllText(plain));
    }

    [Fact]
    public async Task A_tcp_service_off_this_machine_gets_a_warning_unless_silenced()
    {
        using var dir = new TempDir();
        var path = await KeyManagement.CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Plain, TestKeys.AgeRecipient);
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };
        var warned = await CliRunner.RunAsync(["decrypt", "--keyservice", "tcp://192.0.2.10:5000", path], env);
        Assert.True(warned.ExitCode == 0, warned.Stderr);
        Assert.Contains("data keys cross the network unencrypted", warned.Stderr, StringComparison.Ordinal);
        env["SECRETSKIT_KEYSERVICE_ALLOW_REMOTE"] = "true";
        var quiet = await CliRunner.RunAsync(["decrypt", "--keyservice", "tcp://192.0.2.10:5000", path], env);
        Assert.DoesNotContain("unencrypted", quiet.Stderr, StringComparison.Ordinal);
    }
}
