using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Cases of sops's own functional tests (getsops/sops functional-tests/src/lib.rs, v3.13.2) run the way they run sops:
/// the legacy <c>--set '["a"] "aaa"' -i file</c> (<c>-i</c> is a global flag there and <c>--set</c> always writes in
/// place).
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
}
