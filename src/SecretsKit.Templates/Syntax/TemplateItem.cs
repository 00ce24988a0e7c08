namespace SecretsKit.Templates.Syntax;

/// <summary>Literal text, or the tokens of one <c>{{ action }}</c> (null tokens: a comment).</summary>
internal sealed record TemplateItem(int Offset, string? Text, IReadOnlyList<TemplateToken>? Tokens)
{
    /// <summary>Where an action's closing delimiter starts (Go names its line for an error found there).</summary>
    public int Close { get; init; } = Offset;
}
