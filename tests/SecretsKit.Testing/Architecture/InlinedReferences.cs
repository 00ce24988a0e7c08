using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecretsKit.Testing.Architecture;

/// <summary>One use of a type of the project that its IL does not show: the top-level types on both ends (metadata names,
/// as <see cref="FolderGraph"/> keys them) and the site, <c>path:line: From → To.Member (what)</c>.</summary>
public sealed record InlinedReference(string FromType, string ToType, string Site);

/// <summary>
/// The uses of a project's own types that the compiler leaves out of IL, read from a compilation of its sources with
/// Roslyn's semantic model: a <c>const</c> field or an enum member (its value is copied into the user), an enum type
/// (an enum becomes its underlying integer in casts and comparisons), any name inside <c>nameof(…)</c> (a string
/// constant) and any name in an attribute's arguments (a <c>typeof</c> there is stored as a type-name string, an enum as
/// its value). Only names that can be one of those are bound: identifiers spelled as a const, an enum member or an enum
/// type the project declares, and every name inside <c>nameof</c> and attribute arguments.
/// </summary>
public static class InlinedReferences
{
    /// <summary>Each such use of a type of <paramref name="compilation"/>'s own assembly, from another top-level type.</summary>
    public static IReadOnlyList<InlinedReference> Find(CSharpCompilation compilation)
    {
        var names = InlinedNames(compilation.SyntaxTrees);
        var found = new List<InlinedReference>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var candidates = Candidates(tree.GetRoot(), names).ToList();
            if (candidates.Count == 0) continue;
            var model = compilation.GetSemanticModel(tree);
            foreach (var (name, context) in candidates)
            {
                if (Reference(model, name, context) is { } reference) found.Add(reference);
            }
        }
        return found;
    }

    /// <summary>The names of the consts, enum members and enum types the sources declare.</summary>
    private static HashSet<string> InlinedNames(IEnumerable<SyntaxTree> trees)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in trees.SelectMany(t => t.GetRoot().DescendantNodes()))
        {
            switch (node)
            {
                case FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword):
                    names.UnionWith(field.Declaration.Variables.Select(v => v.Identifier.ValueText));
                    break;
                case EnumDeclarationSyntax e:
                    names.Add(e.Identifier.ValueText);
                    break;
                case EnumMemberDeclarationSyntax member:
                    names.Add(member.Identifier.ValueText);
                    break;
            }
        }
        return names;
    }

    /// <summary>Each name to bind, with why: inside <c>nameof</c>, inside an attribute's arguments, or (null) spelled as
    /// an inlined member or enum type.</summary>
    private static IEnumerable<(SimpleNameSyntax Name, string? Context)> Candidates(SyntaxNode root, HashSet<string> names)
    {
        var inside = new Dictionary<SimpleNameSyntax, string>();
        foreach (var node in root.DescendantNodes())
        {
            var (scope, context) = Scope(node);
            if (scope is null) continue;
            foreach (var name in scope.DescendantNodes().OfType<SimpleNameSyntax>()) inside[name] = context;
        }
        foreach (var (name, context) in inside) yield return (name, context);
        foreach (var name in root.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (names.Contains(name.Identifier.ValueText) && !inside.ContainsKey(name)) yield return (name, null);
        }
    }

    /// <summary>The part of <paramref name="node"/> whose every name is bound, and why: a <c>nameof</c>'s argument, an attribute argument.</summary>
    private static (SyntaxNode? Scope, string Context) Scope(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" }, ArgumentList.Arguments: [var argument] } => (argument, "nameof"),
        AttributeArgumentSyntax argument => (argument, "attribute argument"),
        _ => (null, ""),
    };

    private static InlinedReference? Reference(SemanticModel model, SimpleNameSyntax name, string? context)
    {
        var info = model.GetSymbolInfo(name);
        var symbol = info.Symbol ?? (info.CandidateReason == CandidateReason.MemberGroup ? info.CandidateSymbols.FirstOrDefault() : null);
        var what = context ?? symbol switch
        {
            IFieldSymbol { IsConst: true, ContainingType.TypeKind: TypeKind.Enum } => "enum member",
            IFieldSymbol { IsConst: true } => "const",
            INamedTypeSymbol { TypeKind: TypeKind.Enum } => "enum",
            _ => null,
        };
        if (what is null || symbol is null or INamespaceSymbol or ILocalSymbol or IParameterSymbol or ITypeParameterSymbol or IRangeVariableSymbol) return null;
        var target = TopLevel(symbol as INamedTypeSymbol ?? symbol.ContainingType);
        if (target is null || !SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, model.Compilation.Assembly)) return null;
        var declaration = name.Ancestors().LastOrDefault(a => a is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax);
        if (declaration is null || model.GetDeclaredSymbol(declaration) is not INamedTypeSymbol from || SymbolEqualityComparer.Default.Equals(from, target)) return null;
        var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
        var member = symbol is INamedTypeSymbol ? "" : "." + symbol.Name;
        return new InlinedReference(MetadataName(from), MetadataName(target),
            $"{name.SyntaxTree.FilePath}:{line}: {MetadataName(from)} → {FullName(symbol as INamedTypeSymbol ?? symbol.ContainingType)}{member} ({what})");
    }

    private static INamedTypeSymbol? TopLevel(INamedTypeSymbol? type)
    {
        while (type?.ContainingType is not null) type = type.ContainingType;
        return type?.OriginalDefinition;
    }

    /// <summary>The name Mono.Cecil gives a top-level type: <c>Namespace.Name`arity</c>.</summary>
    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingNamespace.IsGlobalNamespace ? type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;

    private static string FullName(INamedTypeSymbol type) => type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
}
