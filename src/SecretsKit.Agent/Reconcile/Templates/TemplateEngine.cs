using SecretsKit.Core.GoTemplate;

namespace SecretsKit.Agent.Reconcile.Templates;

/// <summary>
/// <c>target.template</c> rendering on SecretsKit's one Go <c>text/template</c> engine (Core/GoTemplate) with the sprig
/// functions ESO templates use. <paramref name="where"/> (the template's field path) names the template in errors.
/// </summary>
internal static class TemplateEngine
{
    /// <summary>
    /// The budgets of one tenant template, so that a spinning or exploding template fails with a clear condition on its
    /// own ExternalSecret instead of holding a worker: a Secret holds at most 1 MiB, and no real template needs more
    /// than a few thousand steps.
    /// </summary>
    public static readonly TemplateOptions Options = new()
    {
        Limits = new TemplateLimits { MaxSteps = 200_000, MaxOutput = 1 << 20, MaxDuration = TimeSpan.FromSeconds(1) },
    };

    public static string Render(string template, IReadOnlyDictionary<string, object?> data, string where)
    {
        try
        {
            return Template.Render(where, template, data, TemplateFunctions.Sprig, Options);
        }
        catch (GoTemplateException e)
        {
            throw new TemplateException(e.Message);
        }
    }
}
