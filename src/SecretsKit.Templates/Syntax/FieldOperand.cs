namespace SecretsKit.Templates.Syntax;

/// <summary><c>.A.B</c> on dot; an empty chain is dot itself.</summary>
internal sealed record FieldOperand(int Offset, string Text, IReadOnlyList<string> Chain) : Operand(Offset, Text);
