using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecretsKit.Testing.Architecture;
using SecretsKit.Testing.Common;

namespace SecretsKit.Core.Tests.Architecture;

/// <summary>A small project <c>Demo</c> compiled in memory from (path, source) pairs and emitted into a temp folder, for
/// tests of the layer checks on real IL.</summary>
internal static class DemoAssembly
{
    /// <summary>The compilation of <paramref name="files"/> (paths such as <c>src/Demo/Model/Settings.cs</c>).</summary>
    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> files) =>
        CSharpCompilation.Create("Demo", files.Select(f => CSharpSources.Parse(f.Path, f.Source)),
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)], new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    /// <summary>Emits <paramref name="compilation"/> as <c>Demo.dll</c> in <paramref name="dir"/> and returns its path.</summary>
    public static string Emit(CSharpCompilation compilation, TempDir dir)
    {
        var path = dir.File("Demo.dll");
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
        return path;
    }
}
