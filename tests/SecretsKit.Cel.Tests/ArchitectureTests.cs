using System.Text.RegularExpressions;

namespace SecretsKit.Cel.Tests;

/// <summary>The project's folders are layers (ARCHITECTURE.md): each may use the types of the folders its row allows
/// and no other, so no cycle can form. Edges are found from the types each folder declares and the type names each
/// file mentions outside comments and string literals.</summary>
public sealed partial class ArchitectureTests
{
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Values"] = [],
        ["Syntax"] = ["Values"],
        ["Interpreter"] = ["Values", "Syntax"],
        ["Library"] = ["Values", "Interpreter"],
        ["(root)"] = ["Values", "Syntax", "Interpreter", "Library"],
        ["Kubernetes"] = ["Values", "Syntax", "Interpreter", "Library", "(root)"],
    };

    [GeneratedRegex(@"\b(?:class|record|enum|interface|struct)\s+(\w+)|\bdelegate\s+[\w?<>\[\]]+\s+(\w+)\s*\(")]
    private static partial Regex Declaration();

    [GeneratedRegex(@"\b[A-Z]\w*\b")]
    private static partial Regex Word();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)'")]
    private static partial Regex Literal();

    [Fact]
    public void Folders_use_only_the_layers_below_them()
    {
        var root = FindProject();
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (Folder: Folder(root, f), Code: Code(File.ReadAllText(f))))
            .ToList();
        var owner = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (folder, code) in files)
        {
            foreach (Match m in Declaration().Matches(code))
                owner[m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value] = folder;
        }
        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), files.Select(f => f.Folder).Distinct().Order(StringComparer.Ordinal));
        var violations = files
            .SelectMany(f => Word().Matches(f.Code).Select(m => m.Value).Distinct()
                .Where(word => owner.TryGetValue(word, out var to) && to != f.Folder && !Allowed[f.Folder].Contains(to))
                .Select(word => $"{f.Folder} uses {word} ({owner[word]})"))
            .Distinct()
            .ToList();
        Assert.Empty(violations);
    }

    private static string Folder(string root, string file)
    {
        var relative = Path.GetRelativePath(root, file);
        var slash = relative.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "(root)" : relative[..slash];
    }

    /// <summary>The code without comment lines and literals.</summary>
    private static string Code(string text) => Literal().Replace(
        string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal))), "\"\"");

    private static string FindProject()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "SecretsKit.Cel");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("src/SecretsKit.Cel not found above the test's directory");
    }
}
