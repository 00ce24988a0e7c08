namespace SecretsKit.Core.GoTemplate;

/// <summary>Literal text, or the tokens of one <c>{{ action }}</c> (null tokens: a comment).</summary>
internal sealed record TemplateItem(int Offset, string? Text, IReadOnlyList<TemplateToken>? Tokens);
