using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Cases of sops's own functional tests (getsops/sops functional-tests/src/lib.rs, v3.13.2) run the way they run sops:
/// the legacy <c>--set '["a"] "aaa"' -i file</c> (<c>-i</c> is a global flag there and <c>--set</c> always writes in
/// place), and encryption under a creation rule with no key groups, zero key groups or an empty key group, whose
/// stderr is sops's line exactly when the CLI is started as <c>sops</c>.
/// </summary>
public sealed class SopsFunctionalParityTests
{
    private static readonly Dictionary<string, string?> AsSops = new(StringComparer.Ordinal)
    {
        ["SECRETSKIT_INVOKED_AS"] = "sops",
        ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile,
    };

    [Theory]
    [InlineData("-i")]
    [InlineData("--in-place")]
    [InlineData(null)]
    public async Task Legacy_set_with_or_without_in_place_writes_the_file(string? inPlace)
    {
        using var dir = new TempDir("sk-sops-functional-");
        var file = dir.Write("test_set.yaml", "a: secret\nb: other\n");
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, file])).ExitCode);
        string[] args = inPlace is null ? ["--set", "[\"a\"] \"aaa\"", file] : ["--set", "[\"a\"] \"aaa\"", inPlace, file];

        var set = await CliRunner.RunAsync(args, AsSops, cwd: dir.Path);
        var decrypt = await CliRunner.RunAsync(["decrypt", file], AsSops);

        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.Equal("", set.StdoutText);
        Assert.Equal("a: aaa\nb: other\n", decrypt.StdoutText);
    }

    [Theory]
    [InlineData("test_no_keygroups.yaml")]
    [InlineData("test_zero_keygroups.yaml")]
    [InlineData("test_empty_keygroup.yaml")]
    public async Task A_rule_without_keys_fails_with_sops_own_line(string name)
    {
        using var dir = new TempDir("sk-sops-functional-");
        dir.Write(".sops.yaml", "creation_rules:\n    - path_regex: test_no_keygroups.yaml\n    - path_regex: test_zero_keygroups.yaml\n      key_groups: []\n"
            + "    - path_regex: test_empty_keygroup.yaml\n      key_groups:\n        - {}\n    - age: " + TestKeys.AgeRecipient + "\n");
        var file = dir.Write(name, "a: secret");

        var asSops = await CliRunner.RunAsync(["encrypt", "-i", file], AsSops, cwd: dir.Path);
        var asSecretsKit = await CliRunner.RunAsync(["encrypt", "-i", file], cwd: dir.Path);

        Assert.Equal(1, asSops.ExitCode);
        Assert.Equal("Could not generate data key: [empty key group provided]\n", asSops.Stderr);
        Assert.Equal(1, asSecretsKit.ExitCode);
        Assert.StartsWith("secretskit: error: Could not generate data key: [empty key group provided]\n", asSecretsKit.Stderr, StringComparison.Ordinal);
        Assert.Equal("a: secret", File.ReadAllText(file));
    }
}
