using SecretsKit.Cli.Tests.KeyManagement;
using SecretsKit.Cli.Tests.Files;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Commands.Upkeep;

/// <summary>groups add / delete re-split the same data key: values and MAC untouched, any threshold-many groups decrypt.</summary>
public sealed class GroupsCommandTests : IClassFixture<FixtureDecryptTests.Keys>
{
    private const string Yaml = "token: abc\nport: 1\n";
    private readonly FixtureDecryptTests.Keys _keys;

    public GroupsCommandTests(FixtureDecryptTests.Keys keys) => _keys = keys;

    private Dictionary<string, string?> KeysEnv(string? ageFile, bool pgp, string emptyGnupg) => new()
    {
        ["SOPS_AGE_KEY_FILE"] = ageFile ?? Path.Combine(emptyGnupg, "none.txt"),
        ["GNUPGHOME"] = pgp ? _keys.Env["GNUPGHOME"] : emptyGnupg,
    };

    [Fact]
    public async Task Groups_add_and_delete_with_threshold_2_of_3_decrypt_with_any_two_groups()
    {
        using var dir = new TempDir();
        var emptyGpg = Directory.CreateDirectory(dir.File("gpg-empty")).FullName;
        dir.Write(".sops.yaml", $"creation_rules:\n  - shamir_threshold: 2\n    key_groups:\n      - age: [{TestKeys.AgeRecipient}]\n      - age: [{TestKeys.OtherAgeRecipient}]\n");
        var path = dir.Write("s.yaml", Yaml);
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", path }, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var values = CoreFiles.EncLines(path);
        var mac = CoreFiles.MetaLine(path, "mac");

        var add = await CliRunner.RunAsync(new[] { "groups", "add", "--file", path, "-i", "--pgp", GnupgHome.Key1, "--shamir-secret-sharing-threshold", "2" },
            KeysEnv(_keys.Env["SOPS_AGE_KEY_FILE"], pgp: true, emptyGpg), cwd: dir.Path);

        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Equal(values, CoreFiles.EncLines(path));
        Assert.Equal(mac, CoreFiles.MetaLine(path, "mac"));
        Assert.Contains("shamir_threshold: 2", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("BEGIN PGP MESSAGE", File.ReadAllText(path), StringComparison.Ordinal);
        var pairs = new (string? Age, bool Pgp)[]
        {
            (_keys.Env["SOPS_AGE_KEY_FILE"], false),   // groups 0 + 1
            (TestKeys.AgeIdentityFile, true),          // groups 0 + 2
            (TestKeys.OtherAgeIdentityFile, true),     // groups 1 + 2
        };
        foreach (var (age, pgp) in pairs)
        {
            var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, KeysEnv(age, pgp, emptyGpg));
            Assert.True(dec.ExitCode == 0, dec.Stderr);
            Assert.Equal(Yaml, dec.StdoutText);
        }
        var onlyOne = await CliRunner.RunAsync(new[] { "decrypt", path }, KeysEnv(null, true, emptyGpg));
        Assert.Equal(128, onlyOne.ExitCode);

        var delete = await CliRunner.RunAsync(new[] { "groups", "delete", "--file", path, "-i", "0" },
            KeysEnv(TestKeys.OtherAgeIdentityFile, true, emptyGpg), cwd: dir.Path);

        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Equal(values, CoreFiles.EncLines(path));
        Assert.Equal(mac, CoreFiles.MetaLine(path, "mac"));
        Assert.DoesNotContain(TestKeys.AgeRecipient, File.ReadAllText(path), StringComparison.Ordinal);
        var afterDelete = await CliRunner.RunAsync(new[] { "decrypt", path }, KeysEnv(TestKeys.OtherAgeIdentityFile, true, emptyGpg));
        Assert.True(afterDelete.ExitCode == 0, afterDelete.Stderr);
        Assert.Equal(Yaml, afterDelete.StdoutText);
        var deletedKey = await CliRunner.RunAsync(new[] { "decrypt", path }, KeysEnv(TestKeys.AgeIdentityFile, true, emptyGpg));
        Assert.Equal(128, deletedKey.ExitCode);
    }

    [Fact]
    public async Task Groups_delete_of_a_missing_index_fails_and_without_in_place_prints_to_stdout()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var missing = await CliRunner.RunAsync(new[] { "groups", "delete", "--file", path, "5" }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no key group 5", missing.Stderr, StringComparison.Ordinal);

        var add = await CliRunner.RunAsync(new[] { "groups", "add", "--file", path, "--age", TestKeys.OtherAgeRecipient }, CoreFiles.AgeEnv(TestKeys.AgeIdentityFile));
        Assert.True(add.ExitCode == 0, add.Stderr);
        Assert.Contains(TestKeys.OtherAgeRecipient, add.StdoutText, StringComparison.Ordinal);
        Assert.Contains("shamir_threshold: 2", add.StdoutText, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
    }
}
