namespace SecretsKit.Templates.Syntax;

/// <summary><c>{{ template "name" pipeline }}</c> (also what <c>block</c> leaves in place).</summary>
internal sealed record TemplateCallNode(int Offset, string Name, Pipeline? Data) : TemplateNode(Offset);
