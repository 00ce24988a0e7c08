using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// Every verb that writes a file in place writes through a symbolic link, as sops does: the link stays a link, the real
/// file (in another directory) is replaced and keeps its mode. A dangling link, or a link out of the working directory
/// under HELM_SECRETS_VALUES_ALLOW_SYMLINKS=false, is a clear error that leaves everything as it was.
/// </summary>
public sealed class SymlinkWriteTests
{
    private const UnixFileMode Mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["CI"] = "true" };

    /// <summary><c>real/tgt-secrets.yaml</c> (mode 0640, plain or encrypted) and <c>link-secrets.yaml</c> pointing at it.</summary>
    private static async Task<(string Link, string Target)> LinkedAsync(TempDir dir, bool encrypted, string content = "password: hunter2\nuser: admin\n")
    {
        var target = dir.Write("real/tgt-secrets.yaml", content);
        if (encrypted)
        {
            var e = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, target });
            Assert.True(e.ExitCode == 0, e.Stderr);
        }
        File.SetUnixFileMode(target, Mode0640);
        var link = dir.File("link-secrets.yaml");
        File.CreateSymbolicLink(link, "real/tgt-secrets.yaml");
        return (link, target);
    }

    private static void AssertStillLinkedAndModeKept(string link, string target)
    {
        Assert.Equal("real/tgt-secrets.yaml", new FileInfo(link).LinkTarget);
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal(Mode0640, File.GetUnixFileMode(target));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(target)!, "*.tmp"));
    }

    private static async Task<string> DecryptAsync(string path)
    {
        var d = await CliRunner.RunAsync(new[] { "decrypt", path }, AgeEnv, recordOutput: false);
        Assert.True(d.ExitCode == 0, d.Stderr);
        return d.StdoutText;
    }

    private static async Task RunOk(string[] args, Dictionary<string, string?>? env = null, string? cwd = null)
    {
        var r = await CliRunner.RunAsync(args, env ?? AgeEnv, cwd: cwd);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.Stderr}");
    }

    [Theory]
    [InlineData("encrypt")]
    [InlineData("enc")]
    public async Task Encrypting_a_link_in_place_encrypts_the_real_file_and_keeps_the_link(string verb)
    {
        using var dir = new TempDir();
        var (link, target) = await LinkedAsync(dir, encrypted: false);
        await RunOk(verb == "enc" ? new[] { "enc", "--age", TestKeys.AgeRecipient, link } : new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, link });
        AssertStillLinkedAndModeKept(link, target);
        Assert.DoesNotContain("hunter2", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal("password: hunter2\nuser: admin\n", await DecryptAsync(target));
    }

    [Fact]
    public async Task Decrypt_in_place_through_a_link_decrypts_the_real_file()
    {
        using var dir = new TempDir();
        var (link, target) = await LinkedAsync(dir, encrypted: true);
        await RunOk(new[] { "decrypt", "-i", link });
        AssertStillLinkedAndModeKept(link, target);
        Assert.Equal("password: hunter2\nuser: admin\n", File.ReadAllText(target));
    }

    [Fact]
    public async Task Edit_set_and_unset_through_a_link_change_the_real_file()
    {
        using var dir = new TempDir();
        var (link, target) = await LinkedAsync(dir, encrypted: true);
        var editor = EditSandbox.Editor(dir, "printf 'extra: added\\n' >> \"$1\"");
        await RunOk(new[] { "edit", link }, EditSandbox.With(editor));
        AssertStillLinkedAndModeKept(link, target);
        Assert.Contains("extra: added", await DecryptAsync(target), StringComparison.Ordinal);

        await RunOk(new[] { "set", link, "[\"user\"]", "\"root\"" });
        AssertStillLinkedAndModeKept(link, target);
        Assert.Contains("user: root", await DecryptAsync(target), StringComparison.Ordinal);

        await RunOk(new[] { "unset", link, "[\"extra\"]" });
        AssertStillLinkedAndModeKept(link, target);
        Assert.DoesNotContain("extra", await DecryptAsync(target), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_updatekeys_and_groups_add_through_a_link_rewrite_the_real_file()
    {
        using var dir = new TempDir();
        var (link, target) = await LinkedAsync(dir, encrypted: true);
        var before = File.ReadAllText(target);
        await RunOk(new[] { "rotate", "-i", link });
        AssertStillLinkedAndModeKept(link, target);
        Assert.NotEqual(before, File.ReadAllText(target));

        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: secrets\\.yaml$\n    age: {TestKeys.AgeRecipient},{TestKeys.OtherAgeRecipient}\n");
        await RunOk(new[] { "updatekeys", "-y", link }, cwd: dir.Path);
        AssertStillLinkedAndModeKept(link, target);
        Assert.Contains(TestKeys.OtherAgeRecipient, File.ReadAllText(target), StringComparison.Ordinal);

        var recipientsBefore = CountOtherRecipient(File.ReadAllText(target));
        // A second group needs both keys to decrypt: this user holds both.
        var bothKeys = new Dictionary<string, string?>
        {
            ["SOPS_AGE_KEY"] = File.ReadAllText(TestKeys.AgeIdentityFile) + "\n" + File.ReadAllText(TestKeys.OtherAgeIdentityFile),
        };
        await RunOk(new[] { "groups", "add", "-i", "--file", link, "--age", TestKeys.OtherAgeRecipient }, bothKeys);
        AssertStillLinkedAndModeKept(link, target);
        Assert.Equal(recipientsBefore + 1, CountOtherRecipient(File.ReadAllText(target)));
        var d = await CliRunner.RunAsync(new[] { "decrypt", target }, bothKeys, recordOutput: false);
        Assert.Contains("password: hunter2", d.StdoutText, StringComparison.Ordinal);
    }

    private static int CountOtherRecipient(string text) => text.Split(TestKeys.OtherAgeRecipient).Length - 1;

    [Fact]
    public async Task Merge_driver_writes_the_result_through_a_link_to_the_current_version()
    {
        using var dir = new TempDir();
        var (link, target) = await LinkedAsync(dir, encrypted: true);
        var @base = dir.File("base.yaml");
        File.Copy(target, @base);
        var other = dir.File("other-secrets.yaml");
        File.Copy(target, other);
        await RunOk(new[] { "set", other, "[\"user\"]", "\"theirs\"" });
        await RunOk(new[] { "set", link, "[\"password\"]", "\"ours\"" });

        await RunOk(new[] { "merge", @base, link, other });
        AssertStillLinkedAndModeKept(link, target);
        var merged = await DecryptAsync(target);
        Assert.Contains("password: ours", merged, StringComparison.Ordinal);
        Assert.Contains("user: theirs", merged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dangling_link_is_a_clear_error_and_is_left_alone()
    {
        using var dir = new TempDir();
        var plain = dir.Write("plain.yaml", "a: b\n");
        var link = dir.File("dangling.yaml");
        File.CreateSymbolicLink(link, "missing/nothing.yaml");
        var r = await CliRunner.RunAsync(new[] { "encrypt", "--age", TestKeys.AgeRecipient, "--output", link, plain });
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("symbolic link", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("missing/nothing.yaml", new FileInfo(link).LinkTarget);
        Assert.False(Directory.Exists(dir.File("missing")));
    }

    [Fact]
    public async Task With_symlinks_disallowed_a_link_out_of_the_working_tree_is_refused_and_one_inside_is_written()
    {
        using var outside = new TempDir();
        using var tree = new TempDir();
        var target = outside.Write("tgt-secrets.yaml", "password: hunter2\n");
        var link = tree.File("link-secrets.yaml");
        File.CreateSymbolicLink(link, target);
        var env = new Dictionary<string, string?>(AgeEnv) { ["HELM_SECRETS_VALUES_ALLOW_SYMLINKS"] = "false" };

        var refused = await CliRunner.RunAsync(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, "link-secrets.yaml" }, env, cwd: tree.Path);
        Assert.Equal(3, refused.ExitCode);
        Assert.Contains("outside", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("HELM_SECRETS_VALUES_ALLOW_SYMLINKS", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal("password: hunter2\n", File.ReadAllText(target));

        var inner = tree.Write("sub/in-secrets.yaml", "password: hunter3\n");
        var innerLink = tree.File("in-link-secrets.yaml");
        File.CreateSymbolicLink(innerLink, "sub/in-secrets.yaml");
        await RunOk(new[] { "encrypt", "-i", "--age", TestKeys.AgeRecipient, "in-link-secrets.yaml" }, env, cwd: tree.Path);
        Assert.DoesNotContain("hunter3", File.ReadAllText(inner), StringComparison.Ordinal);
        Assert.NotNull(new FileInfo(innerLink).LinkTarget);
    }
}
