using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary><c>--preserve-format</c>: a hand-written values file keeps its layout through encrypt, edit and decrypt.</summary>
public sealed class PreserveFormatTests
{
    private const string HandWritten =
        "# Application values, written by hand\n" +
        "replicaCount: 2\n" +
        "image:\n" +
        "  repository: \"nginx\"\n" +
        "  tag: 'stable'\n" +
        "hosts: [a.example.com, b.example.com]\n" +
        "database:\n" +
        "  user: app\n" +
        "  password: hunter2 # rotate me\n" +
        "  ca: |\n" +
        "    -----BEGIN CERT-----\n" +
        "    abc\n" +
        "    -----END CERT-----\n" +
        "ports: [80, 443]\n";

    private static readonly Dictionary<string, string?> AgeEnv = new() { ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile, ["CI"] = "true" };

    private static List<int> DifferingLines(string[] a, string[] b)
    {
        Assert.Equal(a.Length, b.Length);
        return Enumerable.Range(0, a.Length).Where(i => a[i] != b[i]).ToList();
    }

    [Fact]
    public async Task Encrypt_edit_decrypt_keep_the_hand_written_layout_and_touch_only_the_edited_line()
    {
        using var dir = new TempDir();
        var original = dir.Write("original.yaml", HandWritten);
        var path = dir.Write("values.yaml", HandWritten);

        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--preserve-format", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var encrypted = File.ReadAllText(path);
        Assert.DoesNotContain("hunter2", encrypted, StringComparison.Ordinal);
        Assert.DoesNotContain("rotate me", encrypted, StringComparison.Ordinal);
        // Same lines, same indentation, same quoting and flow lists; ENC strings in place of the values.
        var encLines = encrypted.Split('\n');
        var plainLines = HandWritten.Split('\n');
        Assert.Equal("sops:", encLines[plainLines.Length - 1 - 3]);
        Assert.StartsWith("  repository: \"ENC[AES256_GCM,", encLines[3], StringComparison.Ordinal);
        Assert.StartsWith("  tag: 'ENC[AES256_GCM,", encLines[4], StringComparison.Ordinal);
        Assert.StartsWith("hosts: [\"ENC[AES256_GCM,", encLines[5], StringComparison.Ordinal);
        Assert.StartsWith("  password: ENC[AES256_GCM,", encLines[8], StringComparison.Ordinal);
        Assert.Contains(" #ENC[AES256_GCM,", encLines[8], StringComparison.Ordinal);
        Assert.StartsWith("  ca: ENC[AES256_GCM,", encLines[9], StringComparison.Ordinal);
        Assert.Equal("  age:", encLines[plainLines.Length - 1 - 3 + 1]); // the sops block follows the file's 2-space indent
        // Still a sops file: the standard reader gives the same tree, and the MAC verifies.
        var standard = await CliRunner.RunAsync(["decrypt", path], AgeEnv);
        Assert.True(standard.ExitCode == 0, standard.Stderr);
        Assert.Equal(new YamlFormat().ParsePlain(File.ReadAllBytes(original)), new YamlFormat().ParsePlain(standard.Stdout));

        var dec = await CliRunner.RunAsync(["decrypt", "--preserve-format", path], AgeEnv);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        Assert.Equal(HandWritten, dec.StdoutText);

        // edit (no flag: the file is not in the standard layout, so its layout is kept)
        var editor = dir.Write("editor.sh", "#!/bin/sh\nsed -i 's/hunter2/hunter3/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var before = File.ReadAllLines(path);
        var edit = await CliRunner.RunAsync(["edit", path], new Dictionary<string, string?>(AgeEnv) { ["EDITOR"] = editor });
        Assert.True(edit.ExitCode == 0, edit.Stderr);
        var after = File.ReadAllLines(path);
        var changed = DifferingLines(before, after).Select(i => after[i].TrimStart().Split(':')[0]).ToList();
        // lastmodified has one-second resolution: it may be unchanged when the commands ran within the same second
        Assert.Equal(["password", "mac"], changed.Where(k => k != "lastmodified"));

        var final = await CliRunner.RunAsync(["decrypt", "--preserve-format", "--output", dir.File("final.yaml"), path], AgeEnv);
        Assert.True(final.ExitCode == 0, final.Stderr);
        Assert.Equal([8], DifferingLines(File.ReadAllLines(original), File.ReadAllLines(dir.File("final.yaml"))));
        var diff = await ProcessRun.RunAsync("git", ["diff", "--no-index", "--numstat", original, dir.File("final.yaml")]);
        Assert.StartsWith("1\t1\t", diff.StdoutText, StringComparison.Ordinal);
        Assert.Contains("  password: hunter3 # rotate me", File.ReadAllText(dir.File("final.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_of_a_standard_layout_file_still_writes_the_standard_layout()
    {
        using var dir = new TempDir();
        var path = dir.Write("values.yaml", "a: hunter1\nlist:\n    - x\n");
        Assert.Equal(0, (await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path])).ExitCode);
        var editor = dir.Write("editor.sh", "#!/bin/sh\nsed -i 's/hunter1/hunter9/' \"$1\"\n");
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var edit = await CliRunner.RunAsync(["edit", path], new Dictionary<string, string?>(AgeEnv) { ["EDITOR"] = editor });
        Assert.True(edit.ExitCode == 0, edit.Stderr);
        var bytes = File.ReadAllBytes(path);
        var format = new YamlFormat();
        var doc = format.ParseEncrypted(bytes);
        Assert.Equal(bytes, format.EmitEncrypted(doc.Tree, doc.Metadata));
    }

    [Fact]
    public async Task Set_on_a_hand_written_file_changes_only_the_set_line()
    {
        using var dir = new TempDir();
        var path = dir.Write("values.yaml", HandWritten);
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--preserve-format", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var before = File.ReadAllLines(path);

        var set = await CliRunner.RunAsync(["set", path, "[\"database\"][\"user\"]", "\"admin\""], AgeEnv);
        Assert.True(set.ExitCode == 0, set.Stderr);
        var after = File.ReadAllLines(path);
        var changed = DifferingLines(before, after).Select(i => after[i].TrimStart().Split(':')[0]).ToList();
        // lastmodified has one-second resolution: it may be unchanged when encrypt and set ran within the same second
        Assert.Equal(new[] { "user", "mac" }, changed.Where(k => k != "lastmodified"));

        var dec = await CliRunner.RunAsync(["decrypt", "--preserve-format", path], AgeEnv);
        Assert.True(dec.ExitCode == 0, dec.Stderr);
        var plainAfter = dec.StdoutText.Split('\n');
        var plainBefore = HandWritten.Split('\n');
        var plainChanged = DifferingLines(plainBefore, plainAfter);
        Assert.Equal(new[] { 7 }, plainChanged);
        Assert.Equal("  user: admin", plainAfter[7]);
    }
}
