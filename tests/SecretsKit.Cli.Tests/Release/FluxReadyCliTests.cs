using SecretsKit.Core.Operations;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests.Release;

/// <summary>
/// <c>scan --flux</c> and <c>policy</c>'s SK-FLUX checks through the real process: a Secret encrypted with
/// <c>--encrypted-regex '^(data|stringData)$'</c> is what Flux's kustomize-controller decrypts (nothing found); a wholly
/// encrypted one (metadata encrypted) and an encrypted ConfigMap are found, by file and rule, never by value.
/// </summary>
public sealed class FluxReadyCliTests
{
    private const string Secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: fl0x-pa55word\n";

    private const string ConfigMap = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  password: fl0x-pa55word\n";

    private static async Task EncryptAsync(TempDir dir, string name, string plain, params string[] flags)
    {
        var source = dir.Write("plain-" + Path.GetFileName(name), plain);
        var run = await CliRunner.RunAsync(["encrypt", "--age", TestKeys.AgeRecipient, .. flags, "--output", Path.Combine(dir.Path, name), source]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        File.Delete(source);
    }

    private static async Task<TempDir> RepoAsync(bool fluxRule)
    {
        var dir = new TempDir("sk-flux-ready-");
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^flux/\n    age: {TestKeys.AgeRecipient}\n" + (fluxRule ? "    scan: {flux: true}\n" : ""));
        Directory.CreateDirectory(Path.Combine(dir.Path, "flux"));
        await EncryptAsync(dir, "flux/good.yaml", Secret, "--encrypted-regex", FluxDecryption.EncryptedRegex);
        await EncryptAsync(dir, "flux/whole.yaml", Secret);
        await EncryptAsync(dir, "flux/configmap.yaml", ConfigMap, "--encrypted-regex", FluxDecryption.EncryptedRegex);
        return dir;
    }

    [Fact]
    public async Task Scan_flux_reports_the_files_flux_would_not_decrypt_as_a_secret()
    {
        using var dir = await RepoAsync(fluxRule: false);

        var plain = await CliRunner.RunAsync(["scan", "flux"], cwd: dir.Path);
        var flux = await CliRunner.RunAsync(["scan", "--flux", "flux"], cwd: dir.Path);

        Assert.True(plain.ExitCode == 0, plain.StdoutText + plain.Stderr);
        Assert.Equal(1, flux.ExitCode);
        Assert.Equal([
            "flux/configmap.yaml: Flux: is a v1/ConfigMap, not a v1/Secret: Flux decrypts it into a ConfigMap that holds the plaintext; keep secret values in a Secret",
            "flux/whole.yaml: Flux: has apiVersion, kind, metadata encrypted: Flux needs apiVersion, kind and metadata in plain text (encrypt with --encrypted-regex '^(data|stringData)$')",
        ], flux.StdoutText.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("fl0x-pa55word", flux.StdoutText + flux.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rules_scan_flux_setting_asks_the_same_for_its_files()
    {
        using var dir = await RepoAsync(fluxRule: true);

        var run = await CliRunner.RunAsync(["scan", "flux"], cwd: dir.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(2, run.StdoutText.TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public async Task Policy_reports_sk_flux_findings_for_encrypted_manifests_flux_would_not_decrypt()
    {
        using var dir = await RepoAsync(fluxRule: false);

        var good = await CliRunner.RunAsync(["policy", "flux/good.yaml"], cwd: dir.Path);
        var bad = await CliRunner.RunAsync(["policy", "--severity", "MEDIUM,HIGH,CRITICAL", "flux/configmap.yaml", "flux/whole.yaml"], cwd: dir.Path);

        Assert.True(good.ExitCode == 0, good.StdoutText + good.Stderr);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("SK-FLUX-001", bad.StdoutText, StringComparison.Ordinal);
        Assert.Contains("SK-FLUX-002", bad.StdoutText, StringComparison.Ordinal);
        Assert.DoesNotContain("fl0x-pa55word", bad.StdoutText + bad.Stderr, StringComparison.Ordinal);
    }
}
