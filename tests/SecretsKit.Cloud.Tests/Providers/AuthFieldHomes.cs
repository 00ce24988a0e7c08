using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecretsKit.Testing.Common;

namespace SecretsKit.Cloud.Tests.Providers;

/// <summary>
/// Where an auth table's field paths are spelled: every string literal (and the text of every interpolated string) of a
/// vendor folder, read with Roslyn, cut into dotted words. A word spells a field <c>F</c> when it is <c>F</c> or ends
/// with <c>.F</c> (<c>auth.F</c>, <c>spec.provider.aws.auth.F</c>). A field may be spelled only in the files of the methods
/// that list it.
/// </summary>
internal static partial class AuthFieldHomes
{
    /// <summary>Each spelling of a field outside its methods' files, as <c>file: 'word' spells F of M</c>.</summary>
    /// <param name="files">Source texts by file name.</param>
    /// <param name="methods">Each method's file name and the field paths it lists.</param>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> files, IReadOnlyList<(string File, IReadOnlyList<string> Fields)> methods)
    {
        var owners = methods.SelectMany(m => m.Fields.Select(f => (Field: f, m.File)))
            .GroupBy(p => p.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.File).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var found = new List<string>();
        foreach (var (file, text) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            foreach (var word in Words(text))
            {
                foreach (var (field, homes) in owners)
                {
                    if (!homes.Contains(file) && (word == field || word.EndsWith("." + field, StringComparison.Ordinal)))
                    {
                        found.Add($"{file}: '{word}' spells {field} of {string.Join(", ", homes.Order(StringComparer.Ordinal))}");
                    }
                }
            }
        }
        return found;
    }

    /// <summary>The <c>*.cs</c> files under <c>src/SecretsKit.Cloud/<paramref name="vendor"/></c>, by path below <c>src/SecretsKit.Cloud</c>.</summary>
    public static IReadOnlyDictionary<string, string> VendorFiles(string vendor)
    {
        var project = Path.Combine(SharedFixtures.RepositoryRoot, "src", "SecretsKit.Cloud");
        return Directory.EnumerateFiles(Path.Combine(project, vendor), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(project, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
    }

    /// <summary>
    /// The file of the type whose static <c>Spec</c> property holds <paramref name="row"/> (one type per file, named for it,
    /// folder = namespace), below <c>src/SecretsKit.Cloud</c>: the test follows the table rather than a list of its own.
    /// </summary>
    public static string FileOf(object row)
    {
        var type = typeof(SecretsKit.Cloud.Providers.ISecretStoreProvider).Assembly.GetTypes()
            .Single(t => t.GetProperty("Spec", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                ?.GetValue(null) is { } value && ReferenceEquals(value, row));
        return type.Namespace!["SecretsKit.Cloud.".Length..].Replace('.', '/') + "/" + type.Name + ".cs";
    }

    private static IEnumerable<string> Words(string text)
    {
        var root = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        foreach (var token in root.DescendantTokens())
        {
            var literal = token.Kind() switch
            {
                SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.SingleLineRawStringLiteralToken
                    or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken => token.ValueText,
                _ => null,
            };
            if (literal is null) continue;
            foreach (Match m in Word().Matches(literal)) yield return m.Value.Trim('.');
        }
    }

    [GeneratedRegex(@"[A-Za-z0-9_.]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
