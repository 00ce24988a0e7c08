namespace SecretsKit.Templates.Calls;

/// <summary>Execution options: what a missing map key does (Go's <c>missingkey=default|error</c>), and the budgets.</summary>
public sealed record TemplateOptions(bool MissingKeyIsError = false)
{
    public static TemplateOptions Default { get; } = new();

    /// <summary>Step, time and output budgets (none by default).</summary>
    public TemplateLimits Limits { get; init; } = TemplateLimits.None;
}
