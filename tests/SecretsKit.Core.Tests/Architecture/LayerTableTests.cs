using System.Text.RegularExpressions;
using SecretsKit.Testing.Architecture;
using SecretsKit.Testing.Common;

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
        using var dir = new TempDir("sk-registration-");
        var path = DemoAssembly.Emit(DemoAssembly.Compile([
            ("src/Demo/Formats/IFormat.cs", "namespace Demo.Formats;\npublic interface IFormat { }\npublic static class FormatNames { public static string Clean(string s) => Text.Names.Of(s); }"),
            ("src/Demo/Formats/FormatRegistry.cs", "namespace Demo.Formats;\npublic static class FormatRegistry\n{\n    public static IFormat Create(string name) => new Yaml.YamlFormat(Text.Names.Of(name));\n}"),
            ("src/Demo/Formats/Text/Names.cs", "namespace Demo.Formats.Text;\npublic static class Names { public static string Of(string s) => s; }"),
            ("src/Demo/Formats/Yaml/YamlFormat.cs", "namespace Demo.Formats.Yaml;\npublic sealed class YamlFormat(string name) : IFormat { public string Name { get; } = name; }"),
        ]), dir);
        var plain = FolderGraph.Load(path, "Demo");
        Assert.Contains("Formats/Yaml", plain.Edges["Formats"]);
        Assert.Equal(["Formats", "Formats/Yaml"], Assert.Single(FolderCycles.Find(plain)));
        var registered = FolderGraph.Load(path, "Demo", table.Registrations);
        Assert.DoesNotContain("Formats/Yaml", registered.Edges["Formats"]);
        Assert.Contains("Formats/Text", registered.Edges["Formats"]);
        Assert.Empty(FolderCycles.Find(registered));
    }

    /// <summary>A registration row hides the cycle between a registry and the extensions beside its contract; the format and
    /// generator registries left their contracts' folders (<c>Formats/Registry</c>, <c>Generators/Registry</c>), so only
    /// these two rows are left, and a new one is a design change to argue, not a line to add.</summary>
    [Fact]
    public void Only_the_listed_registration_rows_are_left_in_ARCHITECTURE_md()
    {
        var markdown = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "ARCHITECTURE.md"));
        var projects = Regex.Matches(markdown, @"<!-- layers: (\S+) -->").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("SecretsKit.Core", projects);
        Assert.Contains("SecretsKit.Agent", projects);
        var rows = projects.SelectMany(p => LayerTable.FromMarkdown(markdown, p).Registrations.Select(r => $"{p}: {r.Folder}/{r.Type}.cs"));
        Assert.Equal(["SecretsKit.Agent: ChangeEvents/ChangeEventSources.cs", "SecretsKit.Cel: Library/KubernetesLibrary.cs"], rows.Order(StringComparer.Ordinal));
    }
}
