using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>YAML/JSON indentation from <c>--indent</c> and from the <c>stores</c> section of <c>.sops.yaml</c>.</summary>
public sealed class IndentTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    [Fact]
    public async Task Indent_flag_sets_yaml_indentation_of_the_output()
    {
        using var dir = new TempDir();
        var path = dir.Write("v.yaml", "a:\n    b: c\n");
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, path })).ExitCode);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", "--indent", "2", path }, AgeEnv);
        Assert.Equal("a:\n  b: c\n", dec.StdoutText);
    }

    [Fact]
    public async Task Stores_section_of_the_config_sets_json_indentation()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestKeys.AgeRecipient}\nstores:\n  json:\n    indent: 2\n");
        var path = dir.Write("v.json", "{\"a\": {\"b\": \"c\"}}");
        var enc = await CliRunner.RunAsync(new[] { "encrypt", "-i", path }, cwd: dir.Path);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv, cwd: dir.Path);
        Assert.Equal("{\n  \"a\": {\n    \"b\": \"c\"\n  }\n}\n", dec.StdoutText);
    }
}
