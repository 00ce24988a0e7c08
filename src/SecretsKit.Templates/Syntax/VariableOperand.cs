namespace SecretsKit.Templates.Syntax;

/// <summary><c>$name.A.B</c>.</summary>
internal sealed record VariableOperand(int Offset, string Text, string Name, IReadOnlyList<string> Chain) : Operand(Offset, Text);
