namespace SecretsKit.Templates.Syntax;

internal sealed record RangeNode(int Offset, Pipeline Source, IReadOnlyList<TemplateNode> Body, IReadOnlyList<TemplateNode>? Else) : TemplateNode(Offset);
