namespace SecretsKit.Templates.Syntax;

internal sealed record TextNode(int Offset, string Text) : TemplateNode(Offset);
