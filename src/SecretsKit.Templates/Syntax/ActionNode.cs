namespace SecretsKit.Templates.Syntax;

/// <summary><c>{{ pipeline }}</c>: prints the value unless the pipeline declares or assigns variables.</summary>
internal sealed record ActionNode(int Offset, Pipeline Pipeline) : TemplateNode(Offset);
