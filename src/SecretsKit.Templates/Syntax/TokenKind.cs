namespace SecretsKit.Templates.Syntax;

internal enum TokenKind { Field, Variable, Dot, Identifier, String, Number, Bool, Nil, Pipe, LeftParen, RightParen, Declare, Assign, Comma, Char,
    /// <summary>A lexing error (its <see cref="TemplateToken.Value"/> is the exception): reported when the parser reaches it, as Go's parser reports an error item.</summary>
    Error }
