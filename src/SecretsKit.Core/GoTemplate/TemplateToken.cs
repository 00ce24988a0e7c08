namespace SecretsKit.Core.GoTemplate;

internal enum TokenKind { Field, Variable, Dot, Identifier, String, Number, Bool, Nil, Pipe, LeftParen, RightParen, Declare, Assign, Comma }

/// <summary>One token of an action; <see cref="Offset"/> is its position in the template text.</summary>
internal sealed record TemplateToken(TokenKind Kind, string Text, int Offset, bool SpaceBefore, object? Value = null);

/// <summary>Literal text, or the tokens of one <c>{{ action }}</c> (null tokens: a comment).</summary>
internal sealed record TemplateItem(int Offset, string? Text, IReadOnlyList<TemplateToken>? Tokens);
