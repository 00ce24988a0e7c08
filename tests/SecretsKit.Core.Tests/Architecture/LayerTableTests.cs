using SecretsKit.Testing.Architecture;

namespace SecretsKit.Core.Tests.Architecture;

/// <summary>The layer check every project's architecture test runs: it must refuse a back edge, an uncovered folder and a
/// cycle, and accept what its table allows.</summary>
public sealed class LayerTableTests
{
    private const string Markdown = """
        text before
        <!-- layers: Demo -->
        | folder | may reference |
        |---|---|
        | `Model` | — |
        | `Runtime/**` | `Model` |
        | `Providers` | `Model` |
        | `Providers/*` | `Model`, `Runtime/**`, `Providers` |
        | `(root)` | `Model`, `Providers/*` |

        after the table
        """;

    private static LayerTable Table => LayerTable.FromMarkdown(Markdown, "Demo");

    [Fact]
    public void The_table_is_read_from_the_rows_under_its_marker()
    {
        Assert.Equal(5, Table.Rows.Count);
        Assert.Equal(["Model", "Runtime/**", "Providers"], Table.Rows[3].Allowed.Take(3));
        Assert.Empty(Table.Rows[0].Allowed);
    }

    [Fact]
    public void Downward_edges_and_edges_inside_one_unit_are_allowed()
    {
        var graph = new FolderGraph([
            ("Runtime", "Model"), ("Runtime/Queue", "Runtime"), ("Runtime", "Runtime/Queue"),
            ("Providers/Vault", "Providers"), ("Providers/Vault/Auth", "Providers/Vault"), ("Providers/Vault", "Runtime/Queue"),
            ("", "Providers/Vault"),
        ]);
        Assert.Empty(Table.Violations(graph));
    }

    [Fact]
    public void A_back_edge_a_sibling_edge_and_an_uncovered_folder_are_each_refused()
    {
        var graph = new FolderGraph([("Model", "Runtime"), ("Providers/Vault", "Providers/Aws"), ("Hosting", "Model")]);
        var problems = Table.Violations(graph);
        Assert.Contains(problems, p => p.StartsWith("Model → Runtime is not allowed", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Providers/Vault → Providers/Aws is not allowed", StringComparison.Ordinal));
        Assert.Contains("folder Hosting is in no row of the layer table", problems);
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void Cycles_are_found_even_inside_one_unit()
    {
        var graph = new FolderGraph([("Runtime", "Runtime/Queue"), ("Runtime/Queue", "Runtime"), ("Model", "Model/Json")]);
        var cycle = Assert.Single(FolderCycles.Find(graph));
        Assert.Equal(["Runtime", "Runtime/Queue"], cycle);
    }

    [Fact]
    public void A_real_assembly_reads_its_folders_and_the_edges_its_il_makes()
    {
        var graph = FolderGraph.Load(typeof(SecretsKit.Core.Errors.ExitCodes).Assembly, "SecretsKit.Core");
        Assert.Contains("Errors", graph.Edges.Keys);
        Assert.Contains("Errors", graph.Edges["Operations"]);
    }

    [Fact]
    public void A_registration_file_row_leaves_out_only_the_edges_of_that_type_to_the_folders_it_registers()
    {
        var table = LayerTable.FromMarkdown("<!-- layers: Demo -->\n| `Formats/FormatRegistry.cs` | `Formats/*` |\n", "Demo");
        var registration = Assert.Single(table.Registrations);
        Assert.Equal(("Formats", "FormatRegistry"), (registration.Folder, registration.Type));
        var assembly = typeof(SecretsKit.Core.Errors.ExitCodes).Assembly;
        Assert.Contains("Formats/Yaml", FolderGraph.Load(assembly, "SecretsKit.Core").Edges["Formats"]);
        var edges = FolderGraph.Load(assembly, "SecretsKit.Core", table.Registrations).Edges["Formats"];
        Assert.DoesNotContain("Formats/Yaml", edges);
        Assert.Contains("Formats/Text", edges);
    }
}
