using SecretsKit.Agent.Templates.Functions;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// <c>target.template</c> rendering on SecretsKit's one Go <c>text/template</c> engine (SecretsKit.Templates) as ESO runs it:
/// ESO's function set (<see cref="EsoTemplateFunctions.Table"/>), the data a map of strings, a missing key an error
/// (<c>missingkey=error</c>). <paramref name="where"/> (the template's field path) names the template in errors.
/// </summary>
internal static class TemplateEngine
{
    /// <summary>
    /// The budgets of one tenant template, so that a spinning or exploding template fails with a clear condition on its
    /// own ExternalSecret instead of holding a worker: a Secret holds at most 1 MiB, and no real template needs more
    /// than a few thousand steps.
    /// </summary>
    public static readonly TemplateOptions Options = new(MissingKeyIsError: true)
    {
        Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(1) },
    };

    /// <summary>Each template text is parsed once (many ExternalSecrets share one, and each renders it at every sync).</summary>
    private static readonly TemplateCache Parsed = new(EsoTemplateFunctions.Table);

    public static string Render(string template, IReadOnlyDictionary<string, object?> data, string where) => Render(template, data, where, Options);

    /// <summary>
    /// The budgets of <see cref="Options"/> with Go's default <c>missingkey</c> (a missing key prints <c>&lt;no value&gt;</c>),
    /// as ESO runs the templates that are not the Secret's: <c>rewrite[].transform</c> and the regexp rewrites.
    /// </summary>
    public static readonly TemplateOptions KeyOptions = Options with { MissingKeyIsError = false };

    /// <summary>Renders with the ESO functions under <paramref name="options"/>; <paramref name="name"/> is the template's name in errors.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, object?> data, string name, TemplateOptions options)
    {
        try
        {
            return Parsed.Render(name, template, data, options);
        }
        catch (GoTemplateException e)
        {
            throw new TemplateException(e.Message) { Executing = e.Executing };
        }
    }
}
