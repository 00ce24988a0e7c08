namespace SecretsKit.Templates.Syntax;

/// <summary><c>(pipeline)</c>, optionally followed by fields: <c>(pipeline).A.B</c>.</summary>
internal sealed record PipelineOperand(int Offset, string Text, Pipeline Pipeline, IReadOnlyList<string> Chain) : Operand(Offset, Text);
