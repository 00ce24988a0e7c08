using SecretsKit.Go;
using SecretsKit.Go.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Go.Regexp;
using SecretsKit.Go.Json;
using SecretsKit.Go.Values;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Base64;
using SecretsKit.Go.Pem;
using SecretsKit.Go.Net;
using SecretsKit.Templates;
using SecretsKit.Templates.Syntax;
using SecretsKit.Templates.Yaml;
using SecretsKit.Templates.Functions;
namespace SecretsKit.Templates.Calls;

/// <summary>Execution options: what a missing map key does (Go's <c>missingkey=default|error</c>), and the budgets.</summary>
public sealed record TemplateOptions(bool MissingKeyIsError = false)
{
    public static TemplateOptions Default { get; } = new();

    /// <summary>Step, time and output budgets (none by default).</summary>
    public TemplateLimits Limits { get; init; } = TemplateLimits.None;
}
