using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Files;

/// <summary>
/// yaml.v3's "billion laughs" refusal through the real CLI process, as sops 3.13 refuses it: in a plaintext given to
/// <c>encrypt</c>, and pasted next to a valid sops block for <c>decrypt</c>. Each process runs under a 100 MiB GC heap
/// cap (<c>DOTNET_GCHeapHardLimit</c>), so a reader that expanded the aliases would die out of memory instead of
/// giving exit 2 with yaml.v3's words; the file is left as it was.
/// </summary>
public sealed class AliasBombCliTests
{
    private static Dictionary<string, string?> Capped() => new()
    {
        ["SOPS_AGE_KEY_FILE"] = TestKeys.AgeIdentityFile,
        ["DOTNET_GCHeapHardLimit"] = "0x6400000",
    };

    [Fact]
    public async Task Encrypt_refuses_a_plaintext_alias_bomb_within_a_100_MiB_heap_with_exit_2()
    {
        using var dir = new TempDir();
        var path = dir.Write("bomb.yaml", HostileDocuments.BillionLaughs());
        var before = File.ReadAllBytes(path);

        var r = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path], Capped());

        Assert.True(r.ExitCode == 2, $"exit {r.ExitCode}: {r.Stderr}");
        Assert.Contains("document contains excessive aliasing", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("OutOfMemory", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task Decrypt_refuses_an_alias_bomb_pasted_next_to_a_valid_sops_block_within_a_100_MiB_heap_with_exit_2()
    {
        using var dir = new TempDir();
        var path = dir.Write("secrets.yaml", "password: hunter-77-secret\n");
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--age", TestKeys.AgeRecipient, path]);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        File.WriteAllText(path, HostileDocuments.BillionLaughs("lol0_unencrypted") + File.ReadAllText(path));
        var before = File.ReadAllBytes(path);

        var r = await CliRunner.RunAsync(["decrypt", path], Capped());
        var inPlace = await CliRunner.RunAsync(["decrypt", "-i", path], Capped());

        foreach (var run in new[] { r, inPlace })
        {
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}");
            Assert.Contains("document contains excessive aliasing", run.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter-77-secret", run.StdoutText + run.Stderr, StringComparison.Ordinal);
        }
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
