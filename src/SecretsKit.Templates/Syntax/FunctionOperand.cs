namespace SecretsKit.Templates.Syntax;

internal sealed record FunctionOperand(int Offset, string Name) : Operand(Offset, Name);
