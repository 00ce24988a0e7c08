using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>The smaller things a new user hit: hints that point the right way, grammar, no placeholders, no silent lock-out.</summary>
public sealed class SmallerMessageTests
{
    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

    private static async Task<string> EncryptedAsync(TempDir dir, string name = "secrets.yaml")
    {
        var path = dir.Write(name, "password: hunter2\nuser: admin\n");
        var r = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    }

    [Fact]
    public async Task A_self_recursive_tpl_in_the_state_file_prints_an_error_line_of_at_most_4000_characters()
    {
        using var dir = new TempDir();
        dir.Write("helmfile.yaml.gotmpl", "{{ $t := \"{{ tpl .t . }}\" }}{{ tpl $t (dict \"t\" $t) }}\nreleases: []\n");
        var r = await CliRunner.RunAsync(["release", "list"], cwd: dir.Path);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("exceeded maximum template depth", r.Stderr, StringComparison.Ordinal);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 4_000, $"a line of {l.Length:N0} characters"));
        Assert.Contains(lines, l => l.Length > 3_800); // the nested levels are kept up to the bound, not dropped
    }

    [Fact]
    public async Task A_file_cut_before_its_sops_block_says_restore_it_not_encrypt_it()
    {
        using var dir = new TempDir();
        var path = await EncryptedAsync(dir);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text[..text.IndexOf("sops:", StringComparison.Ordinal)]);
        var r = await CliRunner.RunAsync(["decrypt", path], AgeEnv);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("cut short or badly merged", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("use 'encrypt'", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Groups_add_that_would_lock_the_user_out_is_refused_without_force()
    {
        using var dir = new TempDir();
        var path = await EncryptedAsync(dir);
        var before = File.ReadAllText(path);
        var refused = await CliRunner.RunAsync(["groups", "add", "-i", "--file", path, "--age", TestKeys.OtherAgeRecipient], AgeEnv);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("locked out", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(path));

        var forced = await CliRunner.RunAsync(["groups", "add", "-i", "--force", "--file", path, "--age", TestKeys.OtherAgeRecipient], AgeEnv);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Contains(TestKeys.OtherAgeRecipient, File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypting_stdin_without_input_type_hints_at_input_type()
    {
        using var dir = new TempDir();
        var path = await EncryptedAsync(dir);
        var r = await CliRunner.RunAsync(["decrypt"], AgeEnv, stdin: File.ReadAllBytes(path), recordOutput: false);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("secretskit: hint: stdin has no file name to tell its format", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("--input-type", r.Stderr, StringComparison.Ordinal);

        var typed = await CliRunner.RunAsync(["decrypt", "--input-type", "yaml"], AgeEnv, stdin: File.ReadAllBytes(path), recordOutput: false);
        Assert.True(typed.ExitCode == 0, typed.Stderr);
    }

    [Fact]
    public async Task No_age_key_found_names_real_places_and_counts_with_correct_grammar()
    {
        using var dir = new TempDir();
        var path = await EncryptedAsync(dir);
        var none = await CliRunner.RunAsync(["decrypt", path]);
        Assert.NotEqual(0, none.ExitCode);
        Assert.DoesNotContain("<config dir>", none.Stderr, StringComparison.Ordinal);
        Assert.Contains("~/.config/sops/age/keys.txt", none.Stderr, StringComparison.Ordinal);

        var other = await CliRunner.RunAsync(["decrypt", path], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });
        Assert.Contains("tried 1 identity from", other.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("1 identities", other.Stderr, StringComparison.Ordinal);
    }
}
