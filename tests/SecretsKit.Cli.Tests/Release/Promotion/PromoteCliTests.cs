using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// <c>secretskit release promote</c> through the real process, with the real helm 3.10.1 and Helm 4.1.4 against two
/// Kubernetes API fakes (contexts <c>staging</c> and <c>prod</c>): staging's apply leaves a record without any secret in
/// it, promote's gates pass (and <c>--dry-run</c> writes nothing), promote deploys prod and records where it came from,
/// the approval digest follows a plain value and an encrypted file, and no plaintext is left on disk during or after.
/// </summary>
public sealed class PromoteCliTests
{
    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Promote_deploys_what_staging_verified_and_records_it_with_no_secret_and_no_plaintext_left(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm);

        var apply = await s.RunAsync("-e", "staging", "apply", "--record-file", "staging-record.json");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);
        var staging = PromotionSandbox.Record(s.Staging, "staging")!;
        Assert.Equal("passed", staging["outcome"]!.GetValue<string>());
        Assert.Equal("tester", staging["actor"]!.GetValue<string>());
        Assert.Equal(PromotionSandbox.RecordText(s.Staging, "staging"), File.ReadAllText(Path.Combine(s.WorkDir, "staging-record.json")));
        var backend = Release(staging, "backend");
        Assert.Equal(["secrets.apiToken", "secrets.dbPassword"], backend["secretKeys"]!.AsArray().Select(k => k!.GetValue<string>()));
        Assert.Equal("secrets/staging/secrets.yaml", backend["secretFiles"]![0]!["path"]!.GetValue<string>());
        Assert.Equal("age:age1scuspj6kt3ly0xup4950hv0qrvscu6g4j9kpy0edl8fhum82wvgs567qfe", backend["secretFiles"]![0]!["recipients"]![0]!.GetValue<string>());
        Assert.Equal("pipeline-app", backend["chart"]!["name"]!.GetValue<string>());
        Assert.Matches("^sha256:[0-9a-f]{64}$", backend["chart"]!["digest"]!.GetValue<string>());
        Assert.Equal(1, backend["revision"]!.GetValue<int>());
        Assert.Equal("passed", backend["stages"]!.AsArray().Single(x => x!["name"]!.GetValue<string>() == "test")!["outcome"]!.GetValue<string>());
        AssertNoSecretIn(PromotionSandbox.RecordText(s.Staging, "staging"));

        var dry = await s.RunAsync("-e", "prod", "promote", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Stderr + dry.StdoutText);
        Assert.Matches(@"sourceVerified\s+pass", dry.StdoutText);
        Assert.Matches(@"sameChart\s+pass", dry.StdoutText);
        Assert.Matches(@"secretKeys\s+pass", dry.StdoutText);
        Assert.Empty(PromotionSandbox.Writes(s.Prod));
        Assert.Null(PromotionSandbox.Lease(s.Prod, "prod"));

        var promote = await WithSweepAsync(s, () => s.RunAsync("-e", "prod", "promote"));
        Assert.True(promote.ExitCode == 0, promote.Stderr + promote.StdoutText);
        Assert.Contains("sh.helm.release.v1.backend.v1", PromotionSandbox.HelmReleases(s.Prod));
        var prod = PromotionSandbox.Record(s.Prod, "prod")!;
        Assert.Equal("promote", prod["command"]!.GetValue<string>());
        Assert.Equal("passed", prod["outcome"]!.GetValue<string>());
        Assert.Equal("staging", prod["promotedFrom"]!["environment"]!.GetValue<string>());
        Assert.Equal(Release(staging, "backend")["chart"]!["digest"]!.GetValue<string>(), Release(prod, "backend")["chart"]!["digest"]!.GetValue<string>());
        AssertNoSecretIn(PromotionSandbox.RecordText(s.Prod, "prod"));
        Assert.Null(PromotionSandbox.Lease(s.Prod, "prod")!["spec"]?["holderIdentity"]);
        Assert.Empty(PlaintextSweep.Find(Roots(s), PromotionSandbox.Secrets, allowPrivateDirectories: false));
        Assert.Empty(Directory.GetFileSystemEntries(s.TempDirectory));

        var stages = await s.RunAsync("-e", "prod", "status", "--stages");
        Assert.True(stages.ExitCode == 0, stages.Stderr);
        Assert.Matches(@"prod\s+prod\s+shop/backend\s+pipeline-app 0\.1\.0\s+sha256:\S+\s+1\s+\S+ ago, passed\s+same as staging", stages.StdoutText);
        Assert.Matches(@"dev\s+dev\s+-.*not in the state file|dev\s+dev\s+-.*no record|dev\s+dev\s+-.*unreadable", stages.StdoutText);
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task The_approval_digest_follows_plain_values_and_encrypted_files_and_promote_applies_only_that_digest(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm, PromotionSandbox.PromotionYaml.Replace("secretKeys: same}", "secretKeys: same, approval: diff-digest}",
            StringComparison.Ordinal));
        Assert.Equal(0, (await s.RunAsync("-e", "staging", "apply")).ExitCode);

        var first = await DigestAsync(s);
        Assert.Equal(first, await DigestAsync(s));
        var values = Path.Combine(s.WorkDir, "values", "backend", "prod.yaml");
        var original = File.ReadAllText(values);
        File.WriteAllText(values, original.Replace("replicaCount: 3", "replicaCount: 4", StringComparison.Ordinal));
        var plainChanged = await DigestAsync(s);
        File.WriteAllText(values, original);
        Assert.NotEqual(first, plainChanged);
        Assert.Equal(first, await DigestAsync(s));
        var rotate = await CliRunner.RunAsync(["rotate", "-i", "secrets/prod/secrets.yaml"], s.Env(), cwd: s.WorkDir);
        Assert.True(rotate.ExitCode == 0, rotate.Stderr);
        var encryptedChanged = await DigestAsync(s);
        Assert.NotEqual(first, encryptedChanged);

        var stale = await s.RunAsync("-e", "prod", "promote", "--approved-digest", first);
        Assert.Equal(10, stale.ExitCode);
        Assert.Contains($"gate approval: the change differs from the approved one (approved {first}, now {encryptedChanged})", stale.Stderr, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.HelmReleases(s.Prod));

        var approved = await s.RunAsync("-e", "prod", "promote", "--approved-digest", encryptedChanged);
        Assert.True(approved.ExitCode == 0, approved.Stderr + approved.StdoutText);
        Assert.Equal(encryptedChanged, PromotionSandbox.Record(s.Prod, "prod")!["approvalDigest"]!.GetValue<string>());
    }

    private static async Task<string> DigestAsync(PromotionSandbox s)
    {
        var r = await s.RunAsync("-e", "prod", "diff", "--digest");
        Assert.True(r.ExitCode == 0, r.Stderr + r.StdoutText);
        var line = Assert.Single(r.StdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches("^sha256:[0-9a-f]{64}$", line);
        return line;
    }

    private static JsonObject Release(JsonObject record, string name) =>
        record["releases"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!.AsObject();

    /// <summary>No decrypted value in the text: not as it is, not in base64, not as its sha256 (hex or base64).</summary>
    internal static void AssertNoSecretIn(string text)
    {
        foreach (var secret in PromotionSandbox.Secrets)
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
            foreach (var form in new[] { secret, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), Convert.ToHexStringLower(hash), Convert.ToBase64String(hash) })
            {
                Assert.DoesNotContain(form, text, StringComparison.Ordinal);
            }
        }
    }

    private static IEnumerable<string> Roots(PromotionSandbox s) => [s.TempDirectory, s.Home, s.WorkDir, s.ChartDir, s.Helm.Home];

    /// <summary>Runs <paramref name="run"/> while sweeping the disk for plaintext outside the run's private directories, until it ends.</summary>
    private static async Task<ProcessRun.Result> WithSweepAsync(PromotionSandbox s, Func<Task<ProcessRun.Result>> run)
    {
        var task = run();
        var leaks = new List<string>();
        var sweeps = 0;
        while (!task.IsCompleted)
        {
            leaks.AddRange(PlaintextSweep.Find(Roots(s), PromotionSandbox.Secrets, allowPrivateDirectories: true));
            sweeps++;
            await Task.WhenAny(task, Task.Delay(50));
        }
        Assert.True(sweeps > 0);
        Assert.Empty(leaks);
        return await task;
    }
}
