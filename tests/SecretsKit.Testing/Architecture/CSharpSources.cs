using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Architecture;

/// <summary>
/// The C# sources the architecture checks read, parsed one way: every <c>*.cs</c> below a folder outside <c>bin/</c> and
/// <c>obj/</c>, named by its path relative to the repository root, parsed by Roslyn with the newest language version.
/// </summary>
public static class CSharpSources
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    /// <summary>One source text as a syntax tree whose file path is <paramref name="path"/>.</summary>
    public static SyntaxTree Parse(string path, string text) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    /// <summary>Each <c>*.cs</c> under <paramref name="directory"/> outside <c>bin/</c> and <c>obj/</c>, as (path relative to
    /// the repository root, full path), in ordinal order.</summary>
    public static IEnumerable<(string Relative, string Full)> Files(string directory)
    {
        var root = SharedFixtures.RepositoryRoot;
        foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.Contains("/obj/", StringComparison.Ordinal) || relative.Contains("/bin/", StringComparison.Ordinal)) continue;
            yield return (relative, file);
        }
    }

    /// <summary>The syntax tree of each file <see cref="Files"/> lists.</summary>
    public static IEnumerable<SyntaxTree> Trees(string directory) =>
        Files(directory).Select(f => Parse(f.Relative, File.ReadAllText(f.Full)));
}
