namespace SecretsKit.Templates.Syntax;

/// <summary>A named template (<c>define</c>/<c>block</c>, or a parsed file) with the source its offsets refer to.</summary>
internal sealed record DefinedTemplate(string Name, TemplateSource Source, IReadOnlyList<TemplateNode> Body);
