namespace SecretsKit.Templates.Syntax;

/// <summary><c>if</c> and <c>with</c> (which also rebinds dot); an <c>else if</c>/<c>else with</c> is a nested node in <see cref="Else"/>.</summary>
internal sealed record BranchNode(int Offset, bool IsWith, Pipeline Condition, IReadOnlyList<TemplateNode> Then, IReadOnlyList<TemplateNode>? Else) : TemplateNode(Offset);
