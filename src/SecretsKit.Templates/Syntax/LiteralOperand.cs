namespace SecretsKit.Templates.Syntax;

internal sealed record LiteralOperand(int Offset, string Text, object? Value) : Operand(Offset, Text);
