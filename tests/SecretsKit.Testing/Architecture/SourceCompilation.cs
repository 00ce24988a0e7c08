using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Architecture;

/// <summary>
/// One project of <c>src/</c> compiled again from its sources, for questions its IL cannot answer (what the compiler
/// inlined): the syntax trees of <see cref="CSharpSources"/>, the global usings the SDK generated for the project (under
/// its <c>obj/</c>), and as metadata references the assemblies its built assembly references, transitively, as this
/// process resolves them. Source generators do not run, so the members they would add are missing (an error at each use);
/// every other name binds as in the real build.
/// </summary>
public static class SourceCompilation
{
    /// <summary>The sources of <c>src/<paramref name="project"/></c> against the references of <paramref name="assembly"/>, its build.</summary>
    public static CSharpCompilation Of(Assembly assembly, string project)
    {
        var directory = Path.Combine(SharedFixtures.RepositoryRoot, "src", project);
        var trees = CSharpSources.Trees(directory).Append(GlobalUsings(directory, project)).ToList();
        var kind = assembly.EntryPoint is null ? OutputKind.DynamicallyLinkedLibrary : OutputKind.ConsoleApplication;
        return CSharpCompilation.Create(assembly.GetName().Name, trees, References(assembly),
            new CSharpCompilationOptions(kind, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The newest <c>*.GlobalUsings.g.cs</c> the SDK wrote for the project (implicit usings and <c>&lt;Using&gt;</c> items).</summary>
    private static SyntaxTree GlobalUsings(string directory, string project)
    {
        var obj = Path.Combine(directory, "obj");
        var file = Directory.Exists(obj)
            ? Directory.EnumerateFiles(obj, project + ".GlobalUsings.g.cs", SearchOption.AllDirectories).MaxBy(File.GetLastWriteTimeUtc)
            : null;
        if (file is null) throw new InvalidOperationException($"no {project}.GlobalUsings.g.cs under {obj}: build the project first");
        return CSharpSources.Parse(Path.GetRelativePath(SharedFixtures.RepositoryRoot, file).Replace('\\', '/'), File.ReadAllText(file));
    }

    /// <summary>The file of every assembly <paramref name="assembly"/> references, and of theirs in turn, as loaded here.</summary>
    private static List<MetadataReference> References(Assembly assembly)
    {
        var files = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [assembly.GetName().Name!] = null };
        var pending = new Stack<AssemblyName>(assembly.GetReferencedAssemblies());
        while (pending.TryPop(out var name))
        {
            if (name.Name is null || files.ContainsKey(name.Name)) continue;
            Assembly loaded;
            try
            {
                loaded = Assembly.Load(name);
            }
            catch (FileNotFoundException)
            {
                files[name.Name] = null; // referenced only by metadata this process never needs; a name from it stays unbound
                continue;
            }
            files[name.Name] = loaded.Location.Length > 0 ? loaded.Location : null;
            foreach (var referenced in loaded.GetReferencedAssemblies()) pending.Push(referenced);
        }
        return [.. files.Values.OfType<string>().Order(StringComparer.Ordinal).Select(f => MetadataReference.CreateFromFile(f))];
    }
}
