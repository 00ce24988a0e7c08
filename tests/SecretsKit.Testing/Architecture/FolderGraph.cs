using System.Reflection;
using Mono.Cecil;

namespace SecretsKit.Testing.Architecture;

/// <summary>The folder dependency graph of one project, read from its compiled assembly: a folder is a namespace
/// below the project's root namespace ("" for the root itself), and A → B when a type of A mentions a type of B, in its
/// IL or, for what the compiler inlines, in its source (<see cref="InlinedReferences"/>).</summary>
public sealed class FolderGraph
{
    private readonly Dictionary<string, SortedSet<string>> _edges = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), string> _examples = new();

    /// <summary>Builds a graph from explicit edges (for tests of the checks themselves).</summary>
    public FolderGraph(IEnumerable<(string From, string To)> edges)
    {
        foreach (var (from, to) in edges) { Add(from, to, $"{from} → {to}"); }
    }

    private FolderGraph()
    {
    }

    /// <summary>Every folder that declares a type, with the folders it references (itself excluded).</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> Edges => _edges;

    /// <summary>One pair of types that makes the edge, for messages: <c>Ns.From → Ns.To</c>.</summary>
    public string Example(string from, string to) => _examples.TryGetValue((from, to), out var e) ? e : $"{from} → {to}";

    /// <summary>
    /// Reads <paramref name="assembly"/> (by its file) and maps namespaces under <paramref name="rootNamespace"/> to folders,
    /// leaving out the edges of each registration type (folder, type name) to the folders it registers (patterns), and adds
    /// the edges of <paramref name="inlined"/> (the uses its IL does not show) under the same rules.
    /// </summary>
    public static FolderGraph Load(Assembly assembly, string rootNamespace, IReadOnlyList<(string Folder, string Type, string[] Registers)>? registrations = null,
        IEnumerable<InlinedReference>? inlined = null) => Load(assembly.Location, rootNamespace, registrations, inlined);

    /// <summary>The graph of the assembly in the file <paramref name="assemblyPath"/>, as <see cref="Load(Assembly, string, IReadOnlyList{ValueTuple{string, string, string[]}}?, IEnumerable{InlinedReference}?)"/>.</summary>
    public static FolderGraph Load(string assemblyPath, string rootNamespace, IReadOnlyList<(string Folder, string Type, string[] Registers)>? registrations = null,
        IEnumerable<InlinedReference>? inlined = null)
    {
        var registers = (registrations ?? []).ToDictionary(
            r => (r.Folder.Length == 0 ? rootNamespace : rootNamespace + "." + r.Folder.Replace('/', '.')) + "." + r.Type, r => r.Registers, StringComparer.Ordinal);
        var graph = new FolderGraph();
        using var module = ModuleDefinition.ReadModule(assemblyPath);
        var folderOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in module.Types)
        {
            if (FolderName(type.Namespace, rootNamespace) is { } folder)
            {
                folderOf[type.FullName] = folder;
                graph._edges.TryAdd(folder, new SortedSet<string>(StringComparer.Ordinal));
            }
        }
        void AddEdge(string fromType, string toType, string example)
        {
            if (folderOf.TryGetValue(fromType, out var from) && folderOf.TryGetValue(toType, out var to) && to != from
                && !(registers.TryGetValue(fromType, out var registered) && registered.Any(p => LayerTable.Matches(p, to))))
            {
                graph.Add(from, to, example);
            }
        }
        foreach (var type in module.GetTypes())
        {
            var top = type;
            while (top.DeclaringType is not null) { top = top.DeclaringType; }
            if (!folderOf.ContainsKey(top.FullName)) { continue; }
            foreach (var named in TypeReferences.Of(type).Where(t => t is not null).SelectMany(TypeReferences.Named))
            {
                AddEdge(top.FullName, named.FullName, $"{top.FullName} → {named.FullName}");
            }
        }
        foreach (var reference in inlined ?? []) { AddEdge(reference.FromType, reference.ToType, reference.Site); }
        return graph;
    }

    private void Add(string from, string to, string example)
    {
        if (!_edges.TryGetValue(from, out var targets)) { _edges[from] = targets = new SortedSet<string>(StringComparer.Ordinal); }
        _edges.TryAdd(to, new SortedSet<string>(StringComparer.Ordinal));
        if (targets.Add(to)) { _examples[(from, to)] = example; }
    }

    private static string? FolderName(string ns, string root)
    {
        if (ns == root) { return ""; }
        return ns.StartsWith(root + ".", StringComparison.Ordinal) ? ns[(root.Length + 1)..].Replace('.', '/') : null;
    }
}
