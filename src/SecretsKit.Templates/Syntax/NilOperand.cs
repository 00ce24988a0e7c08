namespace SecretsKit.Templates.Syntax;

internal sealed record NilOperand(int Offset) : Operand(Offset, "nil");
