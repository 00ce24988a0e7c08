using SecretsKit.Core.GoTemplate;

namespace SecretsKit.Agent.Reconcile.Templates;

/// <summary>
/// <c>target.template</c> rendering on SecretsKit's one Go <c>text/template</c> engine (Core/GoTemplate) with the sprig
/// functions ESO templates use. <paramref name="where"/> (the template's field path) names the template in errors.
/// </summary>
internal static class TemplateEngine
{
    public static string Render(string template, IReadOnlyDictionary<string, object?> data, string where)
    {
        try
        {
            return Template.Render(where, template, data, TemplateFunctions.Sprig);
        }
        catch (GoTemplateException e)
        {
            throw new TemplateException(e.Message);
        }
    }
}
