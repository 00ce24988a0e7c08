using System.Formats.Tar;
using System.IO.Compression;
using SecretsKit.Deploy.Charts;
using SecretsKit.Testing.Common;
using SecretsKit.Testing.Helm;

namespace SecretsKit.Deploy.Tests.Charts;

/// <summary>
/// <see cref="ChartArchive"/> on hostile packaged charts: paths that leave the chart (refused by the real helm 3.10.1
/// too), links, a Chart.yaml outside the chart's folder, a file or a chart over the budget, a PAX-header bomb, and bytes
/// that are no gzip; nothing is written outside the target. And a well-formed archive unpacks as helm reads it.
/// </summary>
public sealed class ChartArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sk-chart-archive-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Target => Path.Combine(_root, "out", "chart");

    private static readonly ChartArchiveBudget Small = new(ChartBytes: 4096, FileBytes: 2048, Files: 4, StreamBytes: 64 * 1024);

    private string Archive(params TarEntry[] entries)
    {
        var path = Path.Combine(_root, "chart-" + Guid.NewGuid().ToString("N")[..8] + ".tgz");
        using (var file = File.Create(path))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            foreach (var entry in entries) tar.WriteEntry(entry);
        }
        return path;
    }

    private static PaxTarEntry FileEntry(string name, string text) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };

    private static PaxTarEntry Zeros(string name, int bytes) => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(new byte[bytes]) };

    private static PaxTarEntry ChartYaml => FileEntry("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");

    private static PaxTarEntry Template => FileEntry("app/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");

    [Fact]
    public void A_packaged_chart_unpacks_without_its_top_folder()
    {
        var archive = Archive(new PaxTarEntry(TarEntryType.Directory, "app/"), ChartYaml, Template, FileEntry("app/./templates/../values.yaml", "a: 1\n"));
        ChartArchive.Extract(archive, Target, "app.tgz");
        Assert.Equal(["Chart.yaml", "templates/cm.yaml", "values.yaml"],
            Directory.GetFiles(Target, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Target, f)).Order(StringComparer.Ordinal));
        Assert.Equal("a: 1\n", File.ReadAllText(Path.Combine(Target, "values.yaml")));
    }

    [Theory]
    [InlineData("app/../../escaped.yaml", "chart illegally references parent directory")]
    [InlineData("app/templates/../../../escaped.yaml", "chart illegally references parent directory")]
    [InlineData("app//tmp/escaped.yaml", "chart illegally contains absolute paths")]
    [InlineData("Chart.yaml", "chart illegally contains content outside the base directory")]
    [InlineData("Chart.yaml/templates/cm.yaml", "chart yaml not in base directory")]
    [InlineData("app", "chart illegally contains content outside the base directory")]
    public async Task A_path_leaving_the_chart_is_refused_as_helm_refuses_it(string name, string message)
    {
        var archive = Archive(ChartYaml, Template, FileEntry(name, "kind: ConfigMap\n"));
        var e = Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(archive, Target, "app.tgz"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("app.tgz: ", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "escaped.yaml")));
        Assert.False(File.Exists(Path.Combine(_root, "out", "escaped.yaml")));
        Assert.False(File.Exists("/tmp/escaped.yaml"));
        // the real helm refuses the same archive with the same words
        var helm = await ProcessRun.RunAsync(RealHelm.Path, ["show", "chart", archive], null, null, _root, TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, helm.ExitCode);
        Assert.Contains(message, helm.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "symbolic link")]
    [InlineData(TarEntryType.HardLink, "hard link")]
    public void A_link_entry_is_refused_and_nothing_is_followed(TarEntryType type, string kind)
    {
        var archive = Archive(ChartYaml, new PaxTarEntry(type, "app/templates/passwd.yaml") { LinkName = "/etc/passwd" }, Template);
        var e = Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(archive, Target, "app.tgz"));
        Assert.Equal($"app.tgz: app/templates/passwd.yaml is a {kind}, which a chart archive may not hold", e.Message);
        Assert.False(File.Exists(Path.Combine(Target, "templates", "passwd.yaml")));
    }

    [Fact]
    public void A_file_over_helms_per_file_limit_is_refused_before_it_is_written()
    {
        var archive = Archive(ChartYaml, Zeros("app/templates/big.yaml", (5 << 20) + 1));
        var e = Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(archive, Target, "app.tgz"));
        Assert.Equal("app.tgz: templates/big.yaml is larger than the maximum file size (5 MiB)", e.Message);
        Assert.False(File.Exists(Path.Combine(Target, "templates", "big.yaml")));
        Assert.True(new FileInfo(archive).Length < 64 * 1024, "the bomb is small packed");
    }

    [Fact]
    public void A_chart_over_the_total_or_the_file_count_is_refused()
    {
        var total = Archive(ChartYaml, Zeros("app/a", 2000), Zeros("app/b", 2000), Zeros("app/c", 2000));
        Assert.Equal("app.tgz: the chart is over the unpack budget (4 files, 4096 bytes)",
            Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(total, Target, "app.tgz", Small)).Message);
        Assert.False(File.Exists(Path.Combine(Target, "c")));
        var count = Archive(ChartYaml, Zeros("app/a", 1), Zeros("app/b", 1), Zeros("app/c", 1), Zeros("app/d", 1));
        Assert.Equal("app.tgz: the chart is over the unpack budget (4 files, 4096 bytes)",
            Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(count, Path.Combine(_root, "count"), "app.tgz", Small)).Message);
    }

    [Fact]
    public void A_pax_header_bomb_stops_at_the_stream_budget()
    {
        var bomb = new PaxTarEntry(TarEntryType.RegularFile, "app/templates/cm.yaml", new Dictionary<string, string> { ["comment"] = new string('a', 1 << 20) })
            { DataStream = new MemoryStream([]) };
        var archive = Archive(ChartYaml, bomb);
        var e = Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(archive, Target, "app.tgz", Small));
        Assert.Equal("app.tgz: the chart is over the unpack budget (65536 bytes decompressed)", e.Message);
    }

    [Fact]
    public void Bytes_that_are_no_gzip_or_no_tar_are_a_clear_error()
    {
        var text = Path.Combine(_root, "values.tgz");
        File.WriteAllText(text, "replicas: 2\n");
        Assert.Equal("file 'values.tgz' does not appear to be a gzipped archive",
            Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(text, Target, "values.tgz")).Message);
        var notTar = Path.Combine(_root, "not-tar.tgz");
        using (var file = File.Create(notTar))
        using (var gzip = new GZipStream(file, CompressionLevel.Fastest)) gzip.Write(System.Text.Encoding.UTF8.GetBytes(new string('x', 4000)));
        Assert.StartsWith("not-tar.tgz: not a valid chart archive (", Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(notTar, Path.Combine(_root, "t2"), "not-tar.tgz")).Message,
            StringComparison.Ordinal);
        var empty = Archive(new PaxTarEntry(TarEntryType.Directory, "app/"));
        Assert.Equal("empty.tgz: no files in chart archive", Assert.Throws<ChartArchiveException>(() => ChartArchive.Extract(empty, Path.Combine(_root, "t3"), "empty.tgz")).Message);
    }
}
