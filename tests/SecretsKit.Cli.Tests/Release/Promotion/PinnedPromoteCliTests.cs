using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;
using SecretsKit.Testing.Web;

namespace SecretsKit.Cli.Tests.Release.Promotion;

/// <summary>
/// <c>release promote --pin</c> with the example's charts taken from a chart repository (a 127.0.0.1 file server with
/// the chart packaged at 0.1.0 and 0.2.0 by the real helm): staging verifies 0.1.0, prod's state asks for 0.2.0, so the
/// <c>sameChart</c> gate refuses and nothing reaches prod; <c>--pin</c> deploys the version staging verified instead, and
/// prod's record shows the same chart version and package digest as staging's.
/// </summary>
public sealed class PinnedPromoteCliTests
{
    [Theory]
    [InlineData(RealHelm.Version)]
    [InlineData(RealHelm.Helm4Version)]
    public async Task Pin_deploys_the_chart_version_and_package_staging_verified_where_the_state_asks_for_another(string helm)
    {
        await using var s = await PromotionSandbox.StartAsync(helm);
        await using var server = await FakeFileServer.StartAsync();
        var digests = await ServeChartAsync(s, server, "0.1.0", "0.2.0");
        UseRepositoryChart(s, server, staging: "0.1.0", prod: "0.2.0");

        var apply = await s.RunAsync("-e", "staging", "apply");
        Assert.True(apply.ExitCode == 0, apply.Stderr + apply.StdoutText);
        var verified = ReleaseEntry(PromotionSandbox.Record(s.Staging, "staging")!, "backend")["chart"]!;
        Assert.Equal("0.1.0", verified["version"]!.GetValue<string>());
        Assert.Equal(digests["0.1.0"], verified["digest"]!.GetValue<string>());

        var refused = await s.RunAsync("-e", "prod", "promote");
        Assert.True(refused.ExitCode == 10, $"exit {refused.ExitCode}\n{refused.Stderr}{refused.StdoutText}");
        Assert.Contains($"secretskit: error: gate sameChart: shop/backend would deploy pipeline-app 0.2.0 ({digests["0.2.0"][..19]}…), "
            + $"staging verified pipeline-app 0.1.0 ({digests["0.1.0"][..19]}…)", refused.Stderr, StringComparison.Ordinal);
        Assert.Empty(PromotionSandbox.HelmReleases(s.Prod));

        var pinned = await s.RunAsync("-e", "prod", "promote", "--pin");
        Assert.True(pinned.ExitCode == 0, pinned.Stderr + pinned.StdoutText);
        var deployed = ReleaseEntry(PromotionSandbox.Record(s.Prod, "prod")!, "backend")["chart"]!;
        Assert.Equal("0.1.0", deployed["version"]!.GetValue<string>());
        Assert.Equal(verified["digest"]!.GetValue<string>(), deployed["digest"]!.GetValue<string>());
        Assert.Contains("sh.helm.release.v1.backend.v1", PromotionSandbox.HelmReleases(s.Prod));
    }

    /// <summary>The example chart packaged by the real helm at each version, with the repository's index, served under /charts; each package's digest.</summary>
    private static async Task<Dictionary<string, string>> ServeChartAsync(PromotionSandbox s, FakeFileServer server, params string[] versions)
    {
        using var packages = new TempDir();
        var baseUrl = new Uri(server.BaseAddress, "/charts").ToString();
        foreach (var version in versions)
        {
            var r = await ProcessRun.RunAsync(RealHelm.Path, ["package", s.ChartDir, "--version", version, "-d", packages.Path], s.Helm.Environment());
            Assert.True(r.ExitCode == 0, $"helm package: {r.Stderr}");
        }
        var index = await ProcessRun.RunAsync(RealHelm.Path, ["repo", "index", packages.Path, "--url", baseUrl], s.Helm.Environment());
        Assert.True(index.ExitCode == 0, $"helm repo index: {index.Stderr}");
        foreach (var file in Directory.GetFiles(packages.Path)) server.Put("/charts/" + Path.GetFileName(file), File.ReadAllBytes(file));
        return versions.ToDictionary(v => v, v => "sha256:" + Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(packages.Path, $"pipeline-app-{v}.tgz")))));
    }

    private static System.Text.Json.Nodes.JsonObject ReleaseEntry(System.Text.Json.Nodes.JsonObject record, string name) =>
        record["releases"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == name)!.AsObject();

    /// <summary>Every release of the example from the repository <c>shop</c>: <paramref name="staging"/> in staging, <paramref name="prod"/> in prod.</summary>
    private static void UseRepositoryChart(PromotionSandbox s, FakeFileServer server, string staging, string prod)
    {
        var state = Path.Combine(s.WorkDir, "secretskit-release.yaml");
        var version = $"    version: \"{{{{ if eq .Environment.Name \"prod\" }}}}{prod}{{{{ else }}}}{staging}{{{{ end }}}}\"\n";
        var text = File.ReadAllText(state)
            .Replace("    chart: ../pipeline-app\n    version: 0.1.0\n", "    chart: ../pipeline-app\n", StringComparison.Ordinal)
            .Replace("    chart: ../pipeline-app\n", "    chart: shop/pipeline-app\n" + version, StringComparison.Ordinal)
            .Replace("releases:\n", $"repositories:\n  - name: shop\n    url: {new Uri(server.BaseAddress, "/charts")}\n\nreleases:\n", StringComparison.Ordinal);
        Assert.DoesNotContain("../pipeline-app", text, StringComparison.Ordinal);
        File.WriteAllText(state, text);
    }
}
