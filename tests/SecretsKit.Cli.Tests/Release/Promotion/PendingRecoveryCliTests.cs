using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// helm's <c>pending-*</c> left by a run that died: with the release lock held the run stops with the recipe, and
/// <c>--recover-pending</c> rolls a <c>pending-upgrade</c> back to the newest good revision (a <c>pending-install</c>:
/// uninstalls it) and goes on. The pending revision is planted in helm's own release Secret on the Kubernetes API fake,
/// as a killed <c>helm upgrade</c> leaves it; real helm 3.10.1 and Helm 4.1.4 then act on it.
/// </summary>
public sealed class PendingRecoveryCliTests
{
    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_pending_upgrade_stops_the_run_with_the_recipe_and_recover_pending_rolls_it_back_and_applies(string helm)
    {
        await using var s = await LockSandbox.StartAsync(helm);
        Assert.Equal(0, (await s.RunAsync("1", "apply")).ExitCode);
        Assert.Equal(0, (await s.RunAsync("2", "apply")).ExitCode);
        Plant(s.Cluster.Server, "sh.helm.release.v1.web.v2", "pending-upgrade");

        var stopped = await s.RunAsync("3", "apply");

        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("secretskit: release acme/web: its newest revision 2 is pending-upgrade", stopped.Stderr, StringComparison.Ordinal);
        Assert.Contains("recover with: secretskit release -e default <verb> --recover-pending  (roll it back to revision 1)", stopped.Stderr, StringComparison.Ordinal);
        Assert.Contains("or by hand:   helm rollback web 1 -n acme", stopped.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("another operation", stopped.Stderr, StringComparison.Ordinal);

        var recovered = await s.RunAsync("3", "apply", "--recover-pending");

        Assert.True(recovered.ExitCode == 0, recovered.Stderr + recovered.StdoutText);
        Assert.Contains("--recover-pending, so roll it back to revision 1", recovered.Stderr, StringComparison.Ordinal);
        // 3 is the rollback to 1 (helm leaves the stale 2 as it was: it only ever looks at the newest), 4 this run's upgrade
        Assert.Equal(["superseded", "pending-upgrade", "superseded", "deployed"], History(s));
        Assert.Equal("3", s.Cluster.Server.TryGet(FakeResourceType.ConfigMap, "acme", "web")!["data"]!["run"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task A_pending_install_is_uninstalled_by_recover_pending_and_installed_again(string helm)
    {
        await using var s = await LockSandbox.StartAsync(helm);
        Assert.Equal(0, (await s.RunAsync("1", "apply")).ExitCode);
        Plant(s.Cluster.Server, "sh.helm.release.v1.web.v1", "pending-install");

        var recovered = await s.RunAsync("2", "apply", "--recover-pending");

        Assert.True(recovered.ExitCode == 0, recovered.Stderr + recovered.StdoutText);
        Assert.Contains("its newest revision 1 is pending-install", recovered.Stderr, StringComparison.Ordinal);
        Assert.Contains("uninstall it (it never finished installing)", recovered.Stderr, StringComparison.Ordinal);
        Assert.Equal(["deployed"], History(s));
    }

    private static List<string> History(LockSandbox s)
    {
        var secrets = s.Cluster.Server.All(FakeResourceType.Secret)
            .Where(x => x["metadata"]!["name"]!.GetValue<string>().StartsWith("sh.helm.release.v1.web.", StringComparison.Ordinal))
            .OrderBy(x => int.Parse(x["metadata"]!["labels"]!["version"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        return secrets.Select(x => x["metadata"]!["labels"]!["status"]!.GetValue<string>()).ToList();
    }

    /// <summary>Rewrites helm's release Secret as a helm that died mid-call leaves it: the release's status and the Secret's label.</summary>
    private static void Plant(FakeKubeApiServer server, string name, string status)
    {
        var secret = server.TryGet(FakeResourceType.Secret, "acme", name)!;
        var stored = Encoding.ASCII.GetString(Convert.FromBase64String(secret["data"]!["release"]!.GetValue<string>()));
        using var gzipped = new MemoryStream(Convert.FromBase64String(stored));
        using var gunzip = new GZipStream(gzipped, CompressionMode.Decompress);
        var release = JsonNode.Parse(gunzip)!.AsObject();
        release["info"]!["status"] = status;
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(Encoding.UTF8.GetBytes(release.ToJsonString()));
        secret["data"]!["release"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(packed.ToArray())));
        secret["metadata"]!["labels"]!["status"] = status;
        server.Replace(FakeResourceType.Secret, "acme", name, secret);
    }
}
