using SecretsKit.Cloud.Providers;
using SecretsKit.Templates;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Cloud.Tests.Providers;

/// <summary>
/// The stores' template engine as a runner without ESO's functions would hand it over: SecretsKit's one Go
/// <c>text/template</c> engine with Go's builtins and sprig (the agent adds ESO's functions to the same engine).
/// </summary>
internal sealed class SprigStoreTemplates : IStoreTemplates
{
    public static SprigStoreTemplates Instance { get; } = new();

    private static readonly TemplateCache Parsed = new(TemplateFunctions.Sprig);

    public string Render(string text, IReadOnlyDictionary<string, object?> data, string name)
    {
        try
        {
            return Parsed.Render(name, text, data, new TemplateOptions(MissingKeyIsError: true));
        }
        catch (GoTemplateException e)
        {
            throw new StoreTemplateException(e.Message);
        }
    }
}
