using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecretsKit.Testing.Common;

namespace SecretsKit.Testing.Architecture;

/// <summary>
/// Where source builds an HTTP client or socket handler (<c>new HttpClient</c>, <c>new HttpClientHandler</c>,
/// <c>new SocketsHttpHandler</c>), read from Roslyn's syntax trees: written out with the type's name (qualified or
/// not, with arguments or an initializer), or target-typed (<c>new(…)</c>) where the target's declared type says it
/// (a field, property, local, return value or an assignment to a field of the type).
/// </summary>
public static class HttpConstructions
{
    /// <summary>The types whose construction opens connections of its own.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "HttpClient", "HttpClientHandler", "SocketsHttpHandler" };

    /// <summary>Each construction in one C# source text, as <c>path:line: new Type</c>.</summary>
    public static IReadOnlyList<string> Of(string path, string text)
    {
        var tree = CSharpSources.Parse(path, text);
        var found = new List<string>();
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var type = node switch
            {
                ObjectCreationExpressionSyntax explicitly => Name(explicitly.Type),
                ImplicitObjectCreationExpressionSyntax implicitly => Name(TargetType(implicitly)),
                _ => null,
            };
            if (type is not null && Types.Contains(type))
            {
                found.Add($"{path}:{node.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: new {type}");
            }
        }
        return found;
    }

    /// <summary>Each construction in <c>src/</c> (outside <c>bin/</c> and <c>obj/</c>), paths relative to the repository root.</summary>
    public static IReadOnlyList<string> InSources()
    {
        return CSharpSources.Files(Path.Combine(SharedFixtures.RepositoryRoot, "src"))
            .SelectMany(f => Of(f.Relative, File.ReadAllText(f.Full)))
            .ToList();
    }

    private static string? Name(TypeSyntax? type) => type switch
    {
        IdentifierNameSyntax id => id.Identifier.ValueText,
        QualifiedNameSyntax q => q.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
        NullableTypeSyntax n => Name(n.ElementType),
        _ => null,
    };

    /// <summary>The declared type a target-typed <c>new</c> takes, where the syntax names it.</summary>
    private static TypeSyntax? TargetType(SyntaxNode node)
    {
        var parent = node.Parent;
        while (parent is ParenthesizedExpressionSyntax or ConditionalExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression })
        {
            node = parent;
            parent = parent.Parent;
        }
        return parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => declaration.Type,
            EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax property } => property.Type,
            ArrowExpressionClauseSyntax arrow => ReturnType(arrow.Parent),
            ReturnStatementSyntax ret => ReturnType(ret.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)),
            AssignmentExpressionSyntax assignment when assignment.Right == node => MemberType(assignment),
            _ => null,
        };
    }

    private static TypeSyntax? ReturnType(SyntaxNode? member) => member switch
    {
        MethodDeclarationSyntax method => method.ReturnType,
        LocalFunctionStatementSyntax local => local.ReturnType,
        PropertyDeclarationSyntax property => property.Type,
        AccessorDeclarationSyntax { Parent.Parent: PropertyDeclarationSyntax property } => property.Type,
        _ => null,
    };

    /// <summary>The declared type of the field or property an assignment writes (<c>_http = new(…)</c>, <c>this._http = new(…)</c>).</summary>
    private static TypeSyntax? MemberType(AssignmentExpressionSyntax assignment)
    {
        var name = assignment.Left switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var member } => member.Identifier.ValueText,
            _ => null,
        };
        if (name is null || assignment.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } type) return null;
        foreach (var member in type.Members)
        {
            if (member is FieldDeclarationSyntax field && field.Declaration.Variables.Any(v => v.Identifier.ValueText == name)) return field.Declaration.Type;
            if (member is PropertyDeclarationSyntax property && property.Identifier.ValueText == name) return property.Type;
        }
        return null;
    }
}
