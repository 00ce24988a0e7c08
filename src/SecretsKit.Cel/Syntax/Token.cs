namespace SecretsKit.Cel.Syntax;

/// <summary>One token: <see cref="Text"/> is the identifier or punctuation; <see cref="Value"/> the decoded literal.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, object? Value, int Position);
