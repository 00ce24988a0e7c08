using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Helm;

/// <summary>The helm-secrets verbs: enc in place, dec to FILE.dec (0600), view to stdout, keygen, config lookup.</summary>
public sealed class HelmSecretsVerbTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    [Fact]
    public async Task Enc_then_dec_then_view_round_trip_with_config_found_from_the_file_directory()
    {
        using var dir = new TempDir();
        dir.Write("repo/.sops.yaml", $"creation_rules:\n  - path_regex: secrets\\.yaml$\n    age: {TestKeys.AgeRecipient}\n");
        var path = dir.Write("repo/env/prod/secrets.yaml", "password: hunter7\n");
        // The working directory is outside the repository: sops would not find the config; SecretsKit does.
        var enc = await CliRunner.RunAsync(new[] { "enc", "--verbose", path }, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains(dir.File("repo/.sops.yaml"), enc.Stderr, StringComparison.Ordinal);
        Assert.Contains("creation_rules[0]", enc.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter7", File.ReadAllText(path), StringComparison.Ordinal);

        var encrypted = File.ReadAllText(path);
        var again = await CliRunner.RunAsync(new[] { "enc", path }, cwd: dir.Path);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains("already encrypted, skipped", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(encrypted, File.ReadAllText(path));

        var dec = await CliRunner.RunAsync(new[] { "dec", path }, AgeEnv);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal("password: hunter7\n", File.ReadAllText(path + ".dec"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path + ".dec"));

        var view = await CliRunner.RunAsync(new[] { "view", path }, AgeEnv, recordOutput: false);
        Assert.Equal("password: hunter7\n", view.StdoutText);
    }

    [Fact]
    public async Task Keygen_writes_a_private_identity_that_decrypts_what_its_recipient_encrypted()
    {
        using var dir = new TempDir();
        var keyFile = dir.File("keys.txt");
        var gen = await CliRunner.RunAsync(new[] { "keygen", "-o", keyFile });
        Assert.True(gen.ExitCode == 0, gen.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        var recipient = gen.Stderr.Split(':', 2)[1].Trim();
        Assert.StartsWith("age1", recipient, StringComparison.Ordinal);

        var again = await CliRunner.RunAsync(new[] { "keygen", "-o", keyFile });
        Assert.NotEqual(0, again.ExitCode);

        var path = dir.Write("s.json", "{\"k\": \"hunter8\"}");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", recipient, path })).ExitCode);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", "--extract", "[\"k\"]", path }, new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = keyFile });
        Assert.Equal("hunter8", dec.StdoutText);
    }

    [Fact]
    public async Task Filestatus_tells_encrypted_from_plain()
    {
        using var dir = new TempDir();
        var plain = dir.Write("p.yaml", "a: b\n");
        var enc = dir.Write("e.yaml", "a: b\n");
        await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, enc });
        Assert.Equal("{\"encrypted\":false}\n", (await CliRunner.RunAsync(new[] { "filestatus", plain })).StdoutText);
        Assert.Equal("{\"encrypted\":true}\n", (await CliRunner.RunAsync(new[] { "filestatus", enc })).StdoutText);
    }

    [Fact]
    public async Task Stdin_encrypt_needs_filename_override_and_uses_its_extension()
    {
        var missing = await CliRunner.RunAsync(new[] { "encrypt", "--age", TestKeys.AgeRecipient }, stdin: "a: b\n"u8.ToArray());
        Assert.Equal(100, missing.ExitCode);
        var ok = await CliRunner.RunAsync(new[] { "encrypt", "--filename-override", "x.json", "--age", TestKeys.AgeRecipient }, stdin: "{\"a\": \"b\"}"u8.ToArray());
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.StartsWith("{\n\t\"a\": \"ENC[", ok.StdoutText, StringComparison.Ordinal);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", "--input-type", "json" }, AgeEnv, stdin: ok.Stdout);
        Assert.Equal("{\n\t\"a\": \"b\"\n}\n", dec.StdoutText);
    }
}
