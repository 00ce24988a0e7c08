using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.KeyManagement;

/// <summary>set / unset: paths, JSON values, exit codes, idempotence and ciphertext stability.</summary>
public sealed class ValueCommandTests
{
    private const string Yaml = "db:\n    user: admin\n    password: hunter2\n";

    private static Dictionary<string, string?> Env => CoreFiles.AgeEnv(TestKeys.AgeIdentityFile);

    private static async Task<string> DecryptAsync(string path)
    {
        var dec = await CliRunner.RunAsync(new[] { "decrypt", path }, Env);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        return dec.StdoutText;
    }

    [Fact]
    public async Task Set_on_a_missing_path_creates_it_with_parent_mappings_and_keeps_other_ciphertexts()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var before = CoreFiles.EncLines(path);

        var run = await CliRunner.RunAsync(new[] { "set", path, "[\"api\"][\"token\"]", "\"abc\"" }, Env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(Yaml + "api:\n    token: abc\n", await DecryptAsync(path));
        Assert.Equal(before, CoreFiles.EncLines(path).Take(before.Count));
    }

    [Fact]
    public async Task Set_stores_a_json_integer_as_int_and_accepts_objects_and_arrays()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "set", path, "[\"port\"]", "5432" }, Env)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "set", path, "[\"hosts\"]", "[\"a\", 2, 1.5]" }, Env)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "set", path, "[\"db\"][\"opts\"]", "{\"ssl\": true}" }, Env)).ExitCode);

        Assert.Contains("port: ENC[AES256_GCM,", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("type:int]", File.ReadAllLines(path).Single(l => l.StartsWith("port:", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal("db:\n    user: admin\n    password: hunter2\n    opts:\n        ssl: true\nport: 5432\nhosts:\n    - a\n    - 2\n    - 1.5\n",
            await DecryptAsync(path));
    }

    [Fact]
    public async Task Set_value_from_file_and_from_stdin()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var valueFile = dir.Write("v.json", "\"from-file\"");

        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "set", "--value-file", path, "[\"a\"]", valueFile }, Env)).ExitCode);
        Assert.Equal(0, (await CliRunner.RunAsync(new[] { "set", "--value-stdin", path, "[\"b\"]" }, Env, stdin: "\"from-stdin\""u8.ToArray())).ExitCode);

        Assert.EndsWith("a: from-file\nb: from-stdin\n", await DecryptAsync(path), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[\"x\"]", "not json", 7)]
    [InlineData("[\"x\"]", "1, \"y\": 2", 7)]
    [InlineData("x", "1", 91)]
    [InlineData("[\"x\"", "1", 91)]
    public async Task Set_rejects_bad_values_and_paths_with_sops_exit_codes_and_leaves_the_file(string index, string value, int exit)
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var run = await CliRunner.RunAsync(new[] { "set", path, index, value }, Env);

        Assert.Equal(exit, run.ExitCode);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Set_idempotent_with_the_same_value_does_not_write()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var run = await CliRunner.RunAsync(new[] { "set", "--idempotent", path, "[\"db\"][\"user\"]", "\"admin\"" }, Env);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Unset_removes_the_value()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);

        var run = await CliRunner.RunAsync(new[] { "unset", path, "[\"db\"][\"password\"]" }, Env);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("db:\n    user: admin\n", await DecryptAsync(path));
    }

    [Fact]
    public async Task Unset_on_a_missing_path_fails_with_1_naming_the_path()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var run = await CliRunner.RunAsync(new[] { "unset", path, "[\"db\"][\"nope\"]" }, Env);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("[\"db\"][\"nope\"]", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Unset_idempotent_on_a_missing_path_exits_0_and_leaves_the_file_byte_identical()
    {
        using var dir = new TempDir();
        var path = await CoreFiles.EncryptYamlAsync(dir.File("s.yaml"), Yaml, TestKeys.AgeRecipient);
        var original = File.ReadAllBytes(path);

        var run = await CliRunner.RunAsync(new[] { "unset", "--idempotent", path, "[\"nope\"]" }, Env);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(original, File.ReadAllBytes(path));
    }
}
