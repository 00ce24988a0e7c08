namespace SecretsKit.Templates.Syntax;

/// <summary>Commands joined by <c>|</c>, optionally declaring (<c>:=</c>) or assigning (<c>=</c>) variables.</summary>
internal sealed record Pipeline(int Offset, IReadOnlyList<string> Variables, bool IsAssign, IReadOnlyList<Command> Commands);
