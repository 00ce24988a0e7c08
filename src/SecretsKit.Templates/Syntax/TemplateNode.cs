namespace SecretsKit.Templates.Syntax;

/// <summary>A node of a parsed template; <see cref="Offset"/> locates it in the source for error messages.</summary>
internal abstract record TemplateNode(int Offset);
