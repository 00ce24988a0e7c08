namespace SecretsKit.Templates.Syntax;

/// <summary><c>{{ break }}</c> or <c>{{ continue }}</c> inside a range.</summary>
internal sealed record LoopControlNode(int Offset, bool IsBreak) : TemplateNode(Offset);
