using System.Formats.Tar;
using System.IO.Compression;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Cli.Tests.UnitTest;

/// <summary>
/// <c>secretskit unittest x.tgz</c> (the real process, the real helm 3.10.1): a hostile packaged chart is the chart's
/// error line and exit 1, nothing lands outside; bytes that are no gzip say so; the next CHART still runs.
/// </summary>
public sealed class PackagedChartCliTests
{
    [Fact]
    public async Task A_hostile_or_broken_archive_exits_1_with_its_error_and_plants_nothing()
    {
        using var dir = new TempDir();
        var evil = dir.File("evil-0.1.0.tgz");
        using (var file = File.Create(evil))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "evil/Chart.yaml") { DataStream = new MemoryStream("apiVersion: v2\nname: evil\nversion: 0.1.0\n"u8.ToArray()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "evil/templates/cm.yaml") { LinkName = "/etc/passwd" });
        }
        dir.Write("values.tgz", "replicas: 2\n");
        dir.Write("ok/Chart.yaml", "apiVersion: v2\nname: ok\nversion: 0.1.0\n");
        var env = new Dictionary<string, string?> { ["HELM_BIN"] = RealHelm.Path };

        var r = await CliRunner.RunAsync(["unittest", "evil-0.1.0.tgz", "values.tgz", "ok"], env, cwd: dir.Path);

        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}\n{r.StdoutText}\n{r.Stderr}");
        Assert.Contains("### Error:  evil-0.1.0.tgz: evil/templates/cm.yaml is a symbolic link, which a chart archive may not hold", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("### Error:  file 'values.tgz' does not appear to be a gzipped archive", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("### Chart [ ok ] ok", r.StdoutText, StringComparison.Ordinal);
        Assert.Contains("Charts:      2 failed, 2 errored, 1 passed, 3 total", r.StdoutText, StringComparison.Ordinal);
        Assert.Equal(["evil-0.1.0.tgz", "ok", "values.tgz"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
