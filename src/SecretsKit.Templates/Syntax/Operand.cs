namespace SecretsKit.Templates.Syntax;

internal abstract record Operand(int Offset, string Text);
