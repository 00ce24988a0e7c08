using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary><c>merge</c> run directly (as git would) when the branches changed the key groups.</summary>
public sealed class MergeKeyGroupTests
{
    private static async Task<string> EncryptAsync(TempDir dir, string name, string plain, string recipients)
    {
        var path = dir.Write(name, plain);
        var r = await CliRunner.RunAsync(["encrypt", "-i", "--age", recipients, path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return path;
    }

    private static Dictionary<string, string?> BothKeys(TempDir dir) => new()
    {
        ["SOPS_AGE_KEY_FILE"] = dir.Write("keys.txt", File.ReadAllText(TestKeys.AgeIdentityFile) + "\n" + File.ReadAllText(TestKeys.OtherAgeIdentityFile)),
    };

    [Fact]
    public async Task Keys_changed_only_on_the_other_branch_are_kept_and_values_from_both_merge()
    {
        using var dir = new TempDir();
        var env = BothKeys(dir);
        var @base = await EncryptAsync(dir, "base.yaml", "a: alpha-0\nb: bravo-0\n", TestKeys.AgeRecipient);
        var current = await EncryptAsync(dir, "current.yaml", "a: alpha-1\nb: bravo-0\n", TestKeys.AgeRecipient);
        var other = await EncryptAsync(dir, "other.yaml", "a: alpha-0\nb: bravo-1\n", TestKeys.AgeRecipient + "," + TestKeys.OtherAgeRecipient);

        var merge = await CliRunner.RunAsync(["merge", @base, current, other], env);

        Assert.True(merge.ExitCode == 0, merge.Stderr);
        var withOtherKeyOnly = await CliRunner.RunAsync(["decrypt", current], new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.OtherAgeIdentityFile });
        Assert.True(withOtherKeyOnly.ExitCode == 0, withOtherKeyOnly.Stderr);
        Assert.Equal("a: alpha-1\nb: bravo-1\n", withOtherKeyOnly.StdoutText);
    }

    [Fact]
    public async Task Keys_changed_differently_on_both_branches_conflict_and_leave_current_untouched()
    {
        using var dir = new TempDir();
        var env = BothKeys(dir);
        var @base = await EncryptAsync(dir, "base.yaml", "a: alpha-0\n", TestKeys.AgeRecipient);
        var current = await EncryptAsync(dir, "current.yaml", "a: alpha-0\n", TestKeys.AgeRecipient + "," + TestKeys.OtherAgeRecipient);
        var other = await EncryptAsync(dir, "other.yaml", "a: alpha-0\n", TestKeys.OtherAgeRecipient);
        var before = File.ReadAllBytes(current);

        var merge = await CliRunner.RunAsync(["merge", @base, current, other, "--marker-size", "7"], env);

        Assert.Equal(1, merge.ExitCode);
        Assert.Contains("CONFLICT (content): key groups differ", merge.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(current));
    }

    [Fact]
    public async Task Merge_of_hand_written_layout_keeps_the_layout()
    {
        using var dir = new TempDir();
        var plain = "a: alpha-0\nlist: [x, y]\nb: bravo-0\n";
        var files = new List<string>();
        foreach (var (name, content) in new[] { ("base.yaml", plain), ("current.yaml", plain.Replace("alpha-0", "alpha-1", StringComparison.Ordinal)), ("other.yaml", plain.Replace("bravo-0", "bravo-1", StringComparison.Ordinal)) })
        {
            var p = dir.Write(name, content);
            Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--preserve-format", "--age", TestKeys.AgeRecipient, p])).ExitCode);
            files.Add(p);
        }
        var env = new Dictionary<string, string?> { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile };

        var merge = await CliRunner.RunAsync(["merge", files[0], files[1], files[2]], env);

        Assert.True(merge.ExitCode == 0, merge.Stderr);
        Assert.StartsWith("list: [\"ENC[", File.ReadAllLines(files[1])[1], StringComparison.Ordinal);
        var dec = await CliRunner.RunAsync(["decrypt", "--preserve-format", files[1]], env);
        Assert.Equal("a: alpha-1\nlist: [x, y]\nb: bravo-1\n", dec.StdoutText);
    }
}
