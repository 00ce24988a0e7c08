using SecretsKit.Deploy.Charts;

namespace SecretsKit.Deploy.Tests.Charts;

/// <summary>The NOTES.txt stand-in taken back out of <c>helm template</c>'s output (helm itself renders it in the release CLI tests).</summary>
public sealed class NotesChartTests
{
    private const string Deployment = "---\n# Source: web/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: a\n";
    private const string Service = "---\n# Source: web/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: a\n";

    private static string StandIn(string source, string text) =>
        $"---\n# Source: {source}\n{TextStandIn.TextKey}: {"\"" + System.Text.Json.JsonEncodedText.Encode(text) + "\""}\n{TextStandIn.PathKey}: \"templates/NOTES.txt\"\n";

    [Fact]
    public void The_top_charts_stand_in_is_cut_out_wherever_helm_sorted_it_and_its_text_comes_back()
    {
        var notes = "Installed.\nQuote \" back\\slash \u00e9 <tag> & done\n";
        var (manifests, template, text) = NotesChart.Split(Deployment + StandIn("web/templates/secretskit-text-0.yaml", notes) + Service);
        Assert.Equal(Deployment + Service, manifests);
        Assert.Equal("web/templates/NOTES.txt", template);
        Assert.Equal(notes, text);

        var last = NotesChart.Split(Deployment + StandIn("web/templates/secretskit-text-0.yaml", "x"));
        Assert.Equal(Deployment, last.Manifests);
        Assert.Equal("x", last.Notes);
    }

    [Fact]
    public void Output_without_the_stand_in_or_with_a_subcharts_document_of_that_name_is_left_as_it_is()
    {
        var rendered = Deployment + Service;
        Assert.Equal((rendered, null, null), NotesChart.Split(rendered));
        var sub = Deployment + StandIn("web/charts/db/templates/secretskit-text-0.yaml", "x");
        Assert.Equal((sub, null, null), NotesChart.Split(sub));
        var notText = Deployment + "---\n# Source: web/templates/secretskit-text-0.yaml\nkind: ConfigMap\n";
        Assert.Equal((notText, null, null), NotesChart.Split(notText));
    }

    [Fact]
    public void The_copy_holds_the_chart_with_NOTES_txt_replaced_by_its_stand_in_and_links_remade()
    {
        var root = Directory.CreateTempSubdirectory("sk-notes-").FullName;
        try
        {
            var chart = Path.Combine(root, "web");
            Directory.CreateDirectory(Path.Combine(chart, "templates"));
            File.WriteAllText(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
            File.WriteAllText(Path.Combine(chart, "templates", "NOTES.txt"), "Hello {{ .Release.Name }}\n");
            File.WriteAllText(Path.Combine(root, "shared.yaml"), "kind: ConfigMap\n");
            File.CreateSymbolicLink(Path.Combine(chart, "templates", "shared.yaml"), "../../shared.yaml");
            Assert.True(NotesChart.HasNotes(chart));

            var copy = Path.Combine(root, "copy", "web");
            NotesChart.Write(chart, copy);

            Assert.False(File.Exists(Path.Combine(copy, "templates", "NOTES.txt")));
            Assert.Equal(File.ReadAllText(Path.Combine(chart, "Chart.yaml")), File.ReadAllText(Path.Combine(copy, "Chart.yaml")));
            Assert.Equal(Path.Combine(root, "shared.yaml"), new FileInfo(Path.Combine(copy, "templates", "shared.yaml")).LinkTarget);
            Assert.Contains("Hello {{ .Release.Name }}", File.ReadAllText(Path.Combine(copy, "templates", "_secretskit-text-0.tpl")), StringComparison.Ordinal);
            var standIn = File.ReadAllText(Path.Combine(copy, "templates", "secretskit-text-0.yaml"));
            Assert.StartsWith("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: secretskit-text-0\n", standIn, StringComparison.Ordinal);
            Assert.Contains("\n" + TextStandIn.TextKey + ": {{ include", standIn, StringComparison.Ordinal);
            Assert.False(NotesChart.HasNotes(copy));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void The_copy_leaves_out_what_helmignore_ignores_and_links_the_files_it_keeps()
    {
        var root = Directory.CreateTempSubdirectory("sk-notes-").FullName;
        try
        {
            var chart = Path.Combine(root, "web");
            Directory.CreateDirectory(Path.Combine(chart, "templates"));
            Directory.CreateDirectory(Path.Combine(chart, "docs"));
            File.WriteAllText(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
            File.WriteAllText(Path.Combine(chart, ".helmignore"), "# editor files\n*.bak\ndocs/\n");
            File.WriteAllText(Path.Combine(chart, "templates", "NOTES.txt"), "Hello\n");
            File.WriteAllText(Path.Combine(chart, "templates", "cm.yaml.bak"), "old\n");
            File.WriteAllText(Path.Combine(chart, "templates", ".hidden.yaml"), "kind: ConfigMap\n");
            File.WriteAllText(Path.Combine(chart, "docs", "guide.md"), "text\n");
            File.WriteAllText(Path.Combine(chart, "templates", "secretskit-text-0.yaml"), "kind: Secret\n");

            var copy = Path.Combine(root, "copy", "web");
            NotesChart.Write(chart, copy);

            Assert.Equal([".helmignore", "Chart.yaml", "templates"], Directory.EnumerateFileSystemEntries(copy).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(["_secretskit-text-0.tpl", "secretskit-text-0.yaml"],
                Directory.EnumerateFiles(Path.Combine(copy, "templates")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            // the chart's own file of the stand-in's name is replaced in the copy, not written through the link
            Assert.Equal("kind: Secret\n", File.ReadAllText(Path.Combine(chart, "templates", "secretskit-text-0.yaml")));
            Assert.StartsWith("apiVersion: v1\nkind: ConfigMap\n", File.ReadAllText(Path.Combine(copy, "templates", "secretskit-text-0.yaml")), StringComparison.Ordinal);
            // a link, not a copy: the same file under a second name
            File.AppendAllText(Path.Combine(chart, "Chart.yaml"), "description: linked\n");
            Assert.EndsWith("description: linked\n", File.ReadAllText(Path.Combine(copy, "Chart.yaml")), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_linked_templates_folder_is_copied_so_the_stand_in_never_lands_in_the_folder_it_links_to()
    {
        var root = Directory.CreateTempSubdirectory("sk-notes-").FullName;
        try
        {
            var shared = Directory.CreateDirectory(Path.Combine(root, "shared-templates")).FullName;
            File.WriteAllText(Path.Combine(shared, "NOTES.txt"), "Hello\n");
            File.WriteAllText(Path.Combine(shared, "cm.yaml"), "kind: ConfigMap\n");
            var chart = Directory.CreateDirectory(Path.Combine(root, "web")).FullName;
            File.WriteAllText(Path.Combine(chart, "Chart.yaml"), "apiVersion: v2\nname: web\nversion: 0.1.0\n");
            Directory.CreateSymbolicLink(Path.Combine(chart, "templates"), shared);

            var copy = Path.Combine(root, "copy", "web");
            NotesChart.Write(chart, copy);

            Assert.Null(new DirectoryInfo(Path.Combine(copy, "templates")).LinkTarget);
            Assert.Equal(["_secretskit-text-0.tpl", "cm.yaml", "secretskit-text-0.yaml"],
                Directory.EnumerateFiles(Path.Combine(copy, "templates")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(["NOTES.txt", "cm.yaml"], Directory.EnumerateFiles(shared).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void A_packaged_chart_is_unpacked_with_its_top_NOTES_txt_as_the_stand_in_and_every_other_file_kept()
    {
        var root = Directory.CreateTempSubdirectory("sk-notes-").FullName;
        try
        {
            var archive = Path.Combine(root, "web-0.1.0.tgz");
            Pack(archive, ("web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n"), ("web/templates/NOTES.txt", "\uFEFFHi {{ .Release.Name }}\n"),
                ("web/charts/db/templates/NOTES.txt", "sub\n"), ("web/templates/cm.yaml", "kind: ConfigMap\n"));
            var copy = Path.Combine(root, "copy");
            Assert.True(NotesChart.WriteUnpacked(archive, copy));

            var files = Directory.EnumerateFiles(copy, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(copy, f).Replace('\\', '/'), File.ReadAllText);
            Assert.Equal(["Chart.yaml", "charts/db/templates/NOTES.txt", "templates/_secretskit-text-0.tpl", "templates/cm.yaml", "templates/secretskit-text-0.yaml"],
                files.Keys.Order(StringComparer.Ordinal));
            Assert.Equal("{{- define \"secretskit-text:templates/NOTES.txt\" }}Hi {{ .Release.Name }}\n{{ end }}", files["templates/_secretskit-text-0.tpl"]);
            Assert.Equal("sub\n", files["charts/db/templates/NOTES.txt"]);

            var none = Path.Combine(root, "none.tgz");
            Pack(none, ("web/Chart.yaml", "name: web\n"));
            Assert.False(NotesChart.WriteUnpacked(none, Path.Combine(root, "none-copy")));
            File.WriteAllText(Path.Combine(root, "plain.tgz"), "not an archive");
            Assert.False(NotesChart.WriteUnpacked(Path.Combine(root, "plain.tgz"), Path.Combine(root, "plain-copy")));
            var hostile = Path.Combine(root, "hostile.tgz");
            Pack(hostile, ("web/Chart.yaml", "name: web\n"), ("web/../../escaped.txt", "x"), ("web/templates/NOTES.txt", "Hi\n"));
            Assert.False(NotesChart.WriteUnpacked(hostile, Path.Combine(root, "hostile-copy")));
            Assert.False(File.Exists(Path.Combine(root, "..", "escaped.txt")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void Pack(string archive, params (string Name, string Text)[] files)
    {
        using var gzip = new System.IO.Compression.GZipStream(File.Create(archive), System.IO.Compression.CompressionLevel.Fastest);
        using var tar = new System.Formats.Tar.TarWriter(gzip, System.Formats.Tar.TarEntryFormat.Ustar);
        foreach (var (name, text) in files)
        {
            tar.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name)
                { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) });
        }
    }
}
