using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Testing.Common;

namespace SecretsKit.Deploy.Tests.Release.Records;

/// <summary>A chart's digest: a local folder's is the same wherever and whenever it is read, and changes with what helm would package.</summary>
public sealed class ChartIdentityTests
{
    private static void Chart(TempDir dir, string folder, string version = "0.1.0")
    {
        dir.Write($"{folder}/Chart.yaml", $"apiVersion: v2\nname: app\nversion: {version}\n");
        dir.Write($"{folder}/values.yaml", "replicas: 1\n");
        dir.Write($"{folder}/templates/cm.yaml", "kind: ConfigMap\n");
        dir.Write($"{folder}/.helmignore", "*.bak\n");
    }

    [Fact]
    public void A_local_folder_has_the_same_digest_in_another_place_at_another_time_and_with_ignored_files_added()
    {
        using var dir = new TempDir("sk-chart-id-");
        Chart(dir, "one");
        Chart(dir, "two");
        File.SetLastWriteTimeUtc(dir.File("two/values.yaml"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        dir.Write("two/notes.bak", "left over");

        var one = ChartIdentity.Of(dir.File("one"));
        var two = ChartIdentity.Of(dir.File("two"));

        Assert.Equal(("app", "0.1.0"), (one.Name, one.Version));
        Assert.Matches("^sha256:[0-9a-f]{64}$", one.Digest);
        Assert.Equal(one.Digest, two.Digest);
    }

    [Fact]
    public void A_changed_template_value_or_version_changes_the_digest()
    {
        using var dir = new TempDir("sk-chart-id-");
        Chart(dir, "c");
        var before = ChartIdentity.Of(dir.File("c")).Digest;
        dir.Write("c/templates/cm.yaml", "kind: ConfigMap\nmetadata: {}\n");
        var template = ChartIdentity.Of(dir.File("c")).Digest;
        dir.Write("c/templates/extra.yaml", "");
        var added = ChartIdentity.Of(dir.File("c")).Digest;

        Assert.NotEqual(before, template);
        Assert.NotEqual(template, added);
    }

    [Fact]
    public void A_packaged_chart_is_digested_as_it_is_and_named_from_its_chart_yaml()
    {
        using var dir = new TempDir("sk-chart-id-");
        var package = dir.File("app-0.3.0.tgz");
        using (var file = File.Create(package))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "app/Chart.yaml") { DataStream = new MemoryStream("apiVersion: v2\nname: app\nversion: 0.3.0\n"u8.ToArray()) };
            tar.WriteEntry(entry);
        }

        var chart = ChartIdentity.Of(package);

        Assert.Equal(("app", "0.3.0"), (chart.Name, chart.Version));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(package))), chart.Digest);
    }
}
