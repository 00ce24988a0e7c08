namespace SecretsKit.Templates.Syntax;

/// <summary>One token of an action; <see cref="Offset"/> is its position in the template text.</summary>
internal sealed record TemplateToken(TokenKind Kind, string Text, int Offset, bool SpaceBefore, object? Value = null);
