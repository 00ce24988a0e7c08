namespace SecretsKit.Templates.Syntax;

/// <summary>One command: a function with arguments, or a single operand. <see cref="Text"/> is its source for messages.</summary>
internal sealed record Command(int Offset, string Text, IReadOnlyList<Operand> Args);
