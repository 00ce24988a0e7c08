using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>sops files for an age plugin recipient (<c>age1skt1…</c>), decrypted with its <c>AGE-PLUGIN-SKT-1…</c> identity, both through <c>age-plugin-skt</c> on PATH.</summary>
public sealed class AgePluginCliTests
{
    private const string Recipient = "age1skt1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5z5tpwxqergd3c8g7rusq24trqk";
    private const string Identity = "AGE-PLUGIN-SKT-1V4NXW6RFDF4KCMTWDAC8ZUNNW36HVAMC09A8KLRA0ELCPQVZSWZQZNMWUR";

    private static Dictionary<string, string?> PluginOnPath(TempDir dir)
    {
        var plugin = dir.File("bin/age-plugin-skt");
        Directory.CreateDirectory(Path.GetDirectoryName(plugin)!);
        File.Copy(Path.Combine(SharedFixtures.RepositoryRoot, "tests/SecretsKit.Core.Tests/Age/Plugins/age-plugin-skt"), plugin);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Dictionary<string, string?> { ["PATH"] = Path.GetDirectoryName(plugin) + ":" + Environment.GetEnvironmentVariable("PATH") };
    }

    [Fact]
    public async Task A_file_encrypted_to_a_plugin_recipient_decrypts_with_the_plugin_identity()
    {
        using var dir = new TempDir();
        var env = PluginOnPath(dir);
        var path = dir.Write("secrets.yaml", "password: hunter2\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", Recipient, path], env);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        Assert.Contains("age-plugin-skt: wrapping 1 file key(s)", enc.Stderr, StringComparison.Ordinal);
        Assert.Contains("recipient: " + Recipient, File.ReadAllText(path), StringComparison.Ordinal);

        var dec = await CliRunner.RunAsync(["decrypt", path], new Dictionary<string, string?>(env) { ["SOPS_AGE_KEY"] = Identity }, recordOutput: false);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal("password: hunter2\n", dec.StdoutText);
    }

    [Fact]
    public async Task Without_the_plugin_on_PATH_decrypt_fails_naming_the_plugin()
    {
        using var dir = new TempDir();
        var env = PluginOnPath(dir);
        var path = dir.Write("secrets.yaml", "password: hunter2\n");
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", Recipient, path], env)).ExitCode);
        var dec = await CliRunner.RunAsync(["decrypt", path], new Dictionary<string, string?> { ["SOPS_AGE_KEY"] = Identity, ["PATH"] = "/usr/bin:/bin" });
        Assert.Equal(128, dec.ExitCode);
        Assert.Contains("age-plugin-skt", dec.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Identity, dec.Stderr, StringComparison.Ordinal);
    }
}
