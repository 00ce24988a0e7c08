using System.Reflection;
using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cli.Tests;

/// <summary>
/// Every exit code the CLI's source can return is in docs/reference/exit-codes.md: each constant of
/// <see cref="ExitCodes"/>, each one the source names, and each literal <c>return N;</c> of a command.
/// A new code added without a row fails here.
/// </summary>
public sealed partial class ExitCodeTableTests
{
    [Fact]
    public void Every_exit_code_the_source_can_return_has_a_row_in_the_exit_code_reference()
    {
        var root = SharedFixtures.RepositoryRoot;
        var documented = DocumentedCodes(File.ReadAllText(Path.Combine(root, "docs", "reference", "exit-codes.md")));
        var constants = typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => f.Name, f => (int)f.GetRawConstantValue()!, StringComparer.Ordinal);

        var used = new SortedDictionary<int, string>();
        foreach (var (name, value) in constants) used.TryAdd(value, $"ExitCodes.{name}");
        foreach (var file in SourceFiles(root))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in NamedCode().Matches(text))
            {
                Assert.True(constants.ContainsKey(m.Groups[1].Value), $"{file}: unknown ExitCodes.{m.Groups[1].Value}");
            }
            if (!file.Contains($"{Path.DirectorySeparatorChar}SecretsKit.Cli{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !file.Contains($"{Path.DirectorySeparatorChar}SecretsKit.Deploy{Path.DirectorySeparatorChar}", StringComparison.Ordinal)) continue;
            foreach (Match m in LiteralReturn().Matches(text)) used.TryAdd(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Path.GetRelativePath(root, file));
        }

        var missing = used.Where(u => !documented.Contains(u.Key)).Select(u => $"{u.Key} ({u.Value})").ToList();
        Assert.True(missing.Count == 0, "exit codes missing from docs/reference/exit-codes.md: " + string.Join(", ", missing));
        Assert.Contains(ExitCodes.NoEditorFound, documented);
    }

    private static HashSet<int> DocumentedCodes(string markdown) =>
        TableRow().Matches(markdown).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

    private static IEnumerable<string> SourceFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [GeneratedRegex(@"ExitCodes\.([A-Za-z]+)")]
    private static partial Regex NamedCode();

    [GeneratedRegex(@"\breturn ([1-9][0-9]*);")]
    private static partial Regex LiteralReturn();

    [GeneratedRegex(@"^\| ([0-9]+) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
