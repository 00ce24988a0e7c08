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
}
