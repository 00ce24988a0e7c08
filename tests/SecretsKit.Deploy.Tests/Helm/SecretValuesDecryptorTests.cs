using SecretsKit.Core.Errors;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Helm;

public sealed class SecretValuesDecryptorTests
{
    private const string Plain = "db:\n    password: hunter42\n";

    private static SecretValuesDecryptor Decryptor(string cwd) => new(TestSops.Engine(cwd), DecryptOptions.Default, cwd);

    [Fact]
    public async Task Encrypted_file_is_decrypted_once_into_a_private_temp_dir_that_dispose_removes()
    {
        using var dir = new TempDir();
        await TestSops.WriteEncryptedAsync(dir.File("secrets.yaml"), Plain);
        var plainFile = dir.Write("values.yaml", "replicas: 2\n");
        var log = new List<string>();
        var files = await Decryptor(dir.Path).DecryptAsync(new[] { "secrets.yaml", "values.yaml", "secrets://secrets.yaml", "secrets.yaml" },
            new DecryptorSettings(Log: log.Add), CancellationToken.None);
        var target = files.Map("secrets.yaml")!;
        Assert.StartsWith(files.TempDirectory!, target, StringComparison.Ordinal);
        Assert.EndsWith(".yaml", target, StringComparison.Ordinal);
        Assert.Equal(Plain, File.ReadAllText(target));
        Assert.Equal(target, files.Map("secrets://secrets.yaml"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(files.TempDirectory!));
        Assert.Equal("values.yaml", files.Map("values.yaml"));
        Assert.Single(Directory.GetFiles(files.TempDirectory!));
        Assert.Single(log, l => l.StartsWith("Decrypt: ", StringComparison.Ordinal));
        files.Dispose();
        Assert.False(Directory.Exists(files.TempDirectory));
        Assert.True(File.Exists(plainFile));
        Assert.DoesNotContain(log, l => l.Contains("hunter42", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_optional_file_is_dropped_and_missing_required_file_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        using var files = await Decryptor(dir.Path).DecryptAsync(new[] { "?nope.yaml" }, new DecryptorSettings(), CancellationToken.None);
        Assert.Null(files.Map("?nope.yaml"));
        Assert.Null(files.TempDirectory);
        var e = await Assert.ThrowsAsync<SecretsKitException>(() =>
            Decryptor(dir.Path).DecryptAsync(new[] { "nope.yaml" }, new DecryptorSettings(), CancellationToken.None));
        Assert.Contains("nope.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Optional_existing_plain_file_loses_its_prefix()
    {
        using var dir = new TempDir();
        dir.Write("p.yaml", "a: 1\n");
        using var files = await Decryptor(dir.Path).DecryptAsync(new[] { "?p.yaml" }, new DecryptorSettings(), CancellationToken.None);
        Assert.Equal("p.yaml", files.Map("?p.yaml"));
    }

    [Fact]
    public async Task Dec_next_to_source_creates_and_removes_its_own_dec_but_reuses_and_keeps_an_existing_one()
    {
        using var dir = new TempDir();
        await TestSops.WriteEncryptedAsync(dir.File("a.yaml"), Plain);
        await TestSops.WriteEncryptedAsync(dir.File("b.yaml"), Plain);
        var existing = dir.Write("b.yaml.dec", "kept: true\n");
        var files = await Decryptor(dir.Path).DecryptAsync(new[] { "a.yaml", "b.yaml" }, new DecryptorSettings(NextToSource: true), CancellationToken.None);
        Assert.Equal(dir.File("a.yaml.dec"), files.Map("a.yaml"));
        Assert.Equal(Plain, File.ReadAllText(dir.File("a.yaml.dec")));
        Assert.Equal(existing, files.Map("b.yaml"));
        files.Dispose();
        Assert.False(File.Exists(dir.File("a.yaml.dec")));
        Assert.Equal("kept: true\n", File.ReadAllText(existing));
    }

    [Fact]
    public async Task Helmfile_style_yaml_enc_file_is_detected_by_its_metadata_not_its_extension()
    {
        using var dir = new TempDir();
        await TestSops.WriteEncryptedAsync(dir.File("inline.yaml.enc"), Plain);
        using var files = await Decryptor(dir.Path).DecryptAsync(new[] { "inline.yaml.enc" }, new DecryptorSettings(), CancellationToken.None);
        Assert.Equal(Plain, File.ReadAllText(files.Map("inline.yaml.enc")!));
    }

    [Fact]
    public async Task A_file_that_fails_to_decrypt_is_named_in_the_error()
    {
        using var dir = new TempDir();
        await TestSops.WriteEncryptedAsync(dir.File("good.yaml"), Plain);
        dir.Write("bad.yaml", File.ReadAllText(SharedFixtures.PathOf("ft-format.enc.yaml")));
        var e = await Assert.ThrowsAnyAsync<SecretsKitException>(() =>
            Decryptor(dir.Path).DecryptAsync(new[] { "good.yaml", "bad.yaml" }, new DecryptorSettings(), CancellationToken.None));
        Assert.Contains("bad.yaml", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plaintexts_are_written_once_every_file_is_decrypted_numbered_and_logged_in_spec_order()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "a.yaml", "b.yaml", "c.yaml" }) await TestSops.WriteEncryptedAsync(dir.File(name), Plain);
        dir.Write("plain.yaml", "replicas: 2\n");
        var log = new List<string>();
        using var files = await Decryptor(dir.Path).DecryptAsync(new[] { "c.yaml", "plain.yaml", "a.yaml", "./c.yaml", "b.yaml" },
            new DecryptorSettings(Log: log.Add), CancellationToken.None);
        Assert.Equal(Path.Combine(files.TempDirectory!, "1-c.yaml"), files.Map("c.yaml"));
        Assert.Equal(files.Map("c.yaml"), files.Map("./c.yaml"));
        Assert.Equal(Path.Combine(files.TempDirectory!, "2-a.yaml"), files.Map("a.yaml"));
        Assert.Equal(Path.Combine(files.TempDirectory!, "3-b.yaml"), files.Map("b.yaml"));
        Assert.Equal(3, Directory.GetFiles(files.TempDirectory!).Length);
        Assert.Equal(new[] { "Decrypt: c.yaml", "Decrypt: a.yaml", "Decrypt: b.yaml" }, log);
    }

    [Theory]
    [InlineData("bad.yaml")] // fails to decrypt while good.yaml succeeds
    [InlineData("nope.yaml")] // refused before any decryption starts
    public async Task A_run_that_fails_leaves_no_plaintext_behind(string failing)
    {
        using var dir = new TempDir();
        using var parent = new TempDir();
        await TestSops.WriteEncryptedAsync(dir.File("good.yaml"), Plain);
        dir.Write("bad.yaml", File.ReadAllText(SharedFixtures.PathOf("ft-format.enc.yaml")));
        await Assert.ThrowsAnyAsync<SecretsKitException>(() => Decryptor(dir.Path).DecryptAsync(new[] { "good.yaml", failing },
            new DecryptorSettings(TempParent: parent.Path), CancellationToken.None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent.Path));
    }
}
