using System.Text;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.KeyGroups;

namespace SecretsKit.Cli.Tests.Keys;

/// <summary>
/// Messages stay short whatever the input (an echoed identifier cut to about 80 characters, a hint's list to 10 items
/// plus "N more"), and a file that sends the Vault token somewhere other than <c>VAULT_ADDR</c> is said once.
/// </summary>
public sealed class UntrustedEchoTests : IAsyncLifetime
{
    private KmsAndTransitFakes _fakes = null!;

    public async Task InitializeAsync() => _fakes = await KmsAndTransitFakes.StartAsync();

    public async Task DisposeAsync() => await _fakes.DisposeAsync();

    [Fact]
    public async Task No_matching_rule_hint_lists_ten_regexes_and_the_count_of_the_rest()
    {
        using var dir = new TempDir();
        var rules = new StringBuilder("creation_rules:\n");
        for (var i = 0; i < 2_000; i++) rules.Append("  - path_regex: ^rule-").Append(i).Append("-[a-z]+\\.yaml$\n    age: ").Append(TestKeys.AgeRecipient).Append('\n');
        dir.Write(".sops.yaml", rules.ToString());
        var path = dir.Write("other.yaml", "a: hunter61\n");

        var r = await CliRunner.RunAsync(["encrypt", path], cwd: dir.Path);

        Assert.Equal(1, r.ExitCode);
        Assert.Contains("no matching creation rules found", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("'^rule-9-[a-z]+\\.yaml$', and 1,990 more", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("rule-10-", r.Stderr, StringComparison.Ordinal);
        Assert.True(r.Stderr.Length < 1_500, $"{r.Stderr.Length} characters of stderr");
    }

    [Theory]
    [InlineData("--age", "age1")]
    [InlineData("--pgp", "F")]
    [InlineData("--gcp-kms", "projects/")]
    [InlineData("--hc-vault-transit", "https://vault.example/v1/")]
    public async Task A_huge_key_identifier_is_echoed_cut(string flag, string prefix)
    {
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", "a: hunter62\n");
        var before = File.ReadAllBytes(path);
        var key = prefix + new string('q', 100_000);

        var r = await CliRunner.RunAsync(["encrypt", "-i", flag, key, path], new Dictionary<string, string?> { ["GNUPGHOME"] = dir.Path });

        Assert.NotEqual(0, r.ExitCode);
        Assert.True(r.Stderr.Length < 1_000, $"{r.Stderr.Length} characters of stderr: {r.Stderr[..Math.Min(300, r.Stderr.Length)]}");
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public async Task A_file_whose_vault_address_is_not_vault_addr_is_warned_about_once_unless_an_allowlist_is_set()
    {
        using var dir = new TempDir();
        var path = dir.Write("s.yaml", "a: hunter63\nb: hunter64\n");
        var env = new Dictionary<string, string?> { ["VAULT_TOKEN"] = _fakes.Vault.RootToken };
        var enc = await CliRunner.RunAsync(["encrypt", "-i", "--hc-vault-transit", _fakes.TransitKeyUri("echo"), path], env);
        Assert.True(enc.ExitCode == 0, enc.Stderr);
        var fileAddress = new Uri(_fakes.TransitKeyUri("echo")).GetLeftPart(UriPartial.Authority);

        env["VAULT_ADDR"] = "https://vault.corp.example:8200";
        var elsewhere = await CliRunner.RunAsync(["decrypt", path], env);
        Assert.True(elsewhere.ExitCode == 0, elsewhere.Stderr);
        Assert.Equal("a: hunter63\nb: hunter64\n", elsewhere.StdoutText);
        var warning = Assert.Single(elsewhere.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"secretskit: warning: hc_vault: the file's vault_address {fileAddress} is not VAULT_ADDR (https://vault.corp.example:8200)", warning, StringComparison.Ordinal);
        Assert.Contains("SOPS_HC_VAULT_ALLOWLIST", warning, StringComparison.Ordinal);

        env["VAULT_ADDR"] = fileAddress + "/";
        var same = await CliRunner.RunAsync(["decrypt", path], env);
        Assert.True(same.ExitCode == 0, same.Stderr);
        Assert.Equal("", same.Stderr);

        env["VAULT_ADDR"] = "https://vault.corp.example:8200";
        env["SOPS_HC_VAULT_ALLOWLIST"] = fileAddress;
        var allowed = await CliRunner.RunAsync(["decrypt", path], env);
        Assert.True(allowed.ExitCode == 0, allowed.Stderr);
        Assert.Equal("", allowed.Stderr);
    }
}
