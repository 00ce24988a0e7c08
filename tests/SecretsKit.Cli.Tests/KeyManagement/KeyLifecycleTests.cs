using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>updatekeys keeps the data key, values and MAC; rotate changes all of them; --add-age/--rm-age.</summary>
public sealed class KeyLifecycleTests
{
    private const string Yaml = "db:\n    user: admin\n    password: hunter2\nport: 5432\n";

    private static string Rule(params string[] recipients) => $"creation_rules:\n  - age: {string.Join(',', recipients)}\n";

    [Fact]
    public async Task Updatekeys_adds_the_rule_key_with_the_same_data_key_and_untouched_values_mac_and_lastmodified()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", Rule(TestKeys.AgeRecipient));
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);
        var before = CoreFiles.EncLines(path);
        var mac = CoreFiles.MetaLine(path, "mac");
        var lastModified = CoreFiles.MetaLine(path, "lastmodified");
        dir.Write(".sops.yaml", Rule(TestKeys.AgeRecipient, TestKeys.OtherAgeRecipient));

        var run = await CliRunner.RunAsync(new[] { "updatekeys", "-y", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("+++ age " + TestKeys.OtherAgeRecipient, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, CoreFiles.EncLines(path));
        Assert.Equal(mac, CoreFiles.MetaLine(path, "mac"));
        Assert.Equal(lastModified, CoreFiles.MetaLine(path, "lastmodified"));
        foreach (var identity in new[] { TestKeys.AgeIdentityFile, TestKeys.OtherAgeIdentityFile })
        {
            var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(identity));
            Assert.True(dec.ExitCode == 0, dec.Stderr);
            Assert.Equal(Yaml, dec.StdoutText);
        }
    }

    [Fact]
    public async Task Updatekeys_without_a_terminal_and_without_yes_refuses_and_leaves_the_file_alone()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);
        dir.Write(".sops.yaml", Rule(TestKeys.AgeRecipient, TestKeys.OtherAgeRecipient));

        var run = await CliRunner.RunAsync(new[] { "updatekeys", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--yes", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Updatekeys_on_an_up_to_date_file_needs_no_key_and_does_not_write()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", Rule(TestKeys.AgeRecipient));
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var run = await CliRunner.RunAsync(new[] { "updatekeys", path }, cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("already up to date", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Updatekeys_honours_the_rule_shamir_threshold_and_splits_into_the_rule_groups()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);
        dir.Write(".sops.yaml", $"creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{TestKeys.AgeRecipient}]\n      - age: [{TestKeys.OtherAgeRecipient}]\n");

        var run = await CliRunner.RunAsync(new[] { "updatekeys", "--yes", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile), cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("shamir_threshold: 2", File.ReadAllText(path), StringComparison.Ordinal);
        var one = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.Equal(128, one.ExitCode);
        using var both = new TempDir();
        var keys = both.Write("keys.txt", File.ReadAllText(TestKeys.AgeIdentityFile) + "\n" + File.ReadAllText(TestKeys.OtherAgeIdentityFile));
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(keys));
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal(Yaml, dec.StdoutText);
    }

    [Fact]
    public async Task Rotate_changes_every_ciphertext_and_the_mac_and_still_decrypts()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);
        var before = CoreFiles.EncLines(path);
        var mac = CoreFiles.MetaLine(path, "mac");

        var run = await CliRunner.RunAsync(new[] { "rotate", "-i", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));

        Assert.True(run.ExitCode == 0, run.Stderr);
        var after = CoreFiles.EncLines(path);
        Assert.Equal(before.Count, after.Count);
        Assert.All(before.Zip(after), p => Assert.NotEqual(p.First, p.Second));
        Assert.NotEqual(mac, CoreFiles.MetaLine(path, "mac"));
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.Equal(Yaml, dec.StdoutText);
    }

    [Fact]
    public async Task Rotate_add_age_then_rm_age_moves_the_file_to_the_other_key()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);

        var added = await CliRunner.RunAsync(new[] { "rotate", "-i", "--add-age", TestKeys.OtherAgeRecipient, path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.True(added.ExitCode == 0, added.Stderr);
        var viaOther = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(TestKeys.OtherAgeIdentityFile));
        Assert.Equal(Yaml, viaOther.StdoutText);

        var removed = await CliRunner.RunAsync(new[] { "rotate", "-i", "--rm-age", TestKeys.AgeRecipient, path }, CoreFiles.AgeEnv(TestKeys.OtherAgeIdentityFile));
        Assert.True(removed.ExitCode == 0, removed.Stderr);
        Assert.DoesNotContain(TestKeys.AgeRecipient, File.ReadAllText(path), StringComparison.Ordinal);
        var oldKey = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.Equal(128, oldKey.ExitCode);
        var newKey = await CliRunner.RunAsync(new[] { "decrypt", path }, CoreFiles.AgeEnv(TestKeys.OtherAgeIdentityFile));
        Assert.Equal(Yaml, newKey.StdoutText);
    }

    [Fact]
    public async Task Rotate_without_in_place_prints_to_stdout_and_keeps_the_file()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("secrets.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var run = await CliRunner.RunAsync(new[] { "rotate", path }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Contains("ENC[AES256_GCM,", run.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", run.StdoutText, StringComparison.Ordinal);
    }
}
