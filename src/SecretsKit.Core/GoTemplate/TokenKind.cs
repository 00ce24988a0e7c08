namespace SecretsKit.Core.GoTemplate;

internal enum TokenKind { Field, Variable, Dot, Identifier, String, Number, Bool, Nil, Pipe, LeftParen, RightParen, Declare, Assign, Comma, Char }
