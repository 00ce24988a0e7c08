namespace SecretsKit.Core.GoTemplate;

/// <summary>Execution options: what a missing map key does (Go's <c>missingkey=default|error</c>).</summary>
public sealed record TemplateOptions(bool MissingKeyIsError = false)
{
    public static TemplateOptions Default { get; } = new();
}
