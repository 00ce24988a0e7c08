using System.Reflection;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Architecture;

/// <summary>The architecture test every project runs: its folder graph against its table in ARCHITECTURE.md, and no cycle.</summary>
public static class ArchitectureCheck
{
    /// <summary>The table of <paramref name="project"/> as ARCHITECTURE.md holds it (the one source of truth).</summary>
    public static LayerTable TableOf(string project)
    {
        var markdown = File.ReadAllText(Path.Combine(SharedFixtures.RepositoryRoot, "ARCHITECTURE.md"));
        var table = LayerTable.FromMarkdown(markdown, project);
        if (table.Rows.Count == 0) { throw new InvalidOperationException($"ARCHITECTURE.md has no table under <!-- layers: {project} -->"); }
        return table;
    }

    /// <summary>Each edge outside the table, each uncovered folder and each cycle of <paramref name="assembly"/> (its IL, and
    /// the consts, enum members and <c>nameof</c>s its sources in <c>src/<paramref name="project"/></c> inline); empty when
    /// the layering holds.</summary>
    public static IReadOnlyList<string> Problems(Assembly assembly, string project)
    {
        var table = TableOf(project);
        var inlined = InlinedReferences.Find(SourceCompilation.Of(assembly, project));
        return Problems(table, FolderGraph.Load(assembly, project, table.Registrations, inlined));
    }

    /// <summary>Each edge of <paramref name="graph"/> outside <paramref name="table"/>, each uncovered folder and each cycle.</summary>
    public static IReadOnlyList<string> Problems(LayerTable table, FolderGraph graph)
    {
        var problems = table.Violations(graph).ToList();
        problems.AddRange(FolderCycles.Find(graph).Select(c => "cycle: " + string.Join(" ↔ ", c.Select(f => f.Length == 0 ? "(root)" : f))));
        return problems;
    }

    /// <summary>Fails with every problem of <paramref name="assembly"/> spelled out in full, one per line.</summary>
    public static void AssertHolds(Assembly assembly, string project)
    {
        var problems = Problems(assembly, project);
        if (problems.Count > 0) { throw new InvalidOperationException($"{problems.Count} architecture problem(s) in {project}:\n" + string.Join('\n', problems)); }
    }
}
