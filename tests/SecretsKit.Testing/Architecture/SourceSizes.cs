using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Architecture;

/// <summary>
/// The size rules of CONTRIBUTING.md, read from Roslyn's syntax trees: no body of a method, constructor, operator,
/// accessor, local function or expression-bodied property longer than <see cref="MaxBodyLines"/> lines (from the line of
/// its <c>{</c> or <c>=&gt;</c> to the line of its last token), and no source file longer than <see cref="MaxFileLines"/>.
/// </summary>
public static class SourceSizes
{
    public const int MaxBodyLines = 60;
    public const int MaxFileLines = 400;

    /// <summary>Each rule broken by one C# source text, as <c>path:line: what</c> lines; empty when it keeps them.</summary>
    public static IReadOnlyList<string> ProblemsOf(string path, string text)
    {
        var found = new List<string>();
        var tree = CSharpSources.Parse(path, text);
        var lines = tree.GetText().Lines.Count;
        if (text.EndsWith('\n')) { lines--; }
        if (lines > MaxFileLines) { found.Add($"{path}:1: the file has {lines} lines (at most {MaxFileLines})"); }
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            if (Body(node) is not { } body) { continue; }
            var span = body.GetLocation().GetLineSpan();
            var count = span.EndLinePosition.Line - span.StartLinePosition.Line + 1;
            if (count > MaxBodyLines)
            {
                found.Add($"{path}:{span.StartLinePosition.Line + 1}: {Describe(node)} has a body of {count} lines (at most {MaxBodyLines})");
            }
        }
        return found;
    }

    /// <summary>Each rule broken under <paramref name="directory"/> (every <c>*.cs</c> outside <c>bin/</c> and <c>obj/</c>),
    /// with paths relative to the repository root, minus the sites <paramref name="allowed"/> names (<c>path: member</c>).</summary>
    public static IReadOnlyList<string> Problems(string directory, IReadOnlyCollection<string>? allowed = null)
    {
        return CSharpSources.Files(directory)
            .SelectMany(f => ProblemsOf(f.Relative, File.ReadAllText(f.Full)))
            .Where(p => allowed is null || !allowed.Any(a => Allows(a, p)))
            .ToList();
    }

    /// <summary>Fails with every problem under src/ spelled out, one per line.</summary>
    public static void AssertHolds(IReadOnlyCollection<string>? allowed = null)
    {
        var problems = Problems(Path.Combine(SharedFixtures.RepositoryRoot, "src"), allowed);
        if (problems.Count > 0) { throw new InvalidOperationException($"{problems.Count} size problem(s) in src/:\n" + string.Join('\n', problems)); }
    }

    private static bool Allows(string entry, string problem)
    {
        var colon = entry.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && problem.StartsWith(entry[..colon] + ":", StringComparison.Ordinal)
            && problem.Contains(": " + entry[(colon + 2)..] + " has a body", StringComparison.Ordinal);
    }

    private static SyntaxNode? Body(SyntaxNode node) => node switch
    {
        BaseMethodDeclarationSyntax m => (SyntaxNode?)m.Body ?? m.ExpressionBody,
        AccessorDeclarationSyntax a => (SyntaxNode?)a.Body ?? a.ExpressionBody,
        LocalFunctionStatementSyntax l => (SyntaxNode?)l.Body ?? l.ExpressionBody,
        PropertyDeclarationSyntax { ExpressionBody: { } e } => e,
        IndexerDeclarationSyntax { ExpressionBody: { } e } => e,
        _ => null,
    };

    private static string Describe(SyntaxNode node)
    {
        var type = node.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "(top level)";
        return node switch
        {
            MethodDeclarationSyntax m => $"{type}.{m.Identifier.Text}",
            ConstructorDeclarationSyntax => $"{type} constructor",
            DestructorDeclarationSyntax => $"{type} finalizer",
            OperatorDeclarationSyntax o => $"{type} operator {o.OperatorToken.Text}",
            ConversionOperatorDeclarationSyntax c => $"{type} conversion to {c.Type}",
            AccessorDeclarationSyntax a => $"{type}.{Owner(a)} {a.Keyword.Text}",
            LocalFunctionStatementSyntax l => $"{type}.{Enclosing(l)} local {l.Identifier.Text}",
            PropertyDeclarationSyntax p => $"{type}.{p.Identifier.Text}",
            _ => $"{type} indexer",
        };
    }

    private static string Owner(AccessorDeclarationSyntax accessor) => accessor.Parent?.Parent switch
    {
        PropertyDeclarationSyntax p => p.Identifier.Text,
        EventDeclarationSyntax e => e.Identifier.Text,
        _ => "this[]",
    };

    private static string Enclosing(SyntaxNode node) =>
        node.Ancestors().OfType<MethodDeclarationSyntax>().FirstOrDefault()?.Identifier.Text ?? "(member)";
}
