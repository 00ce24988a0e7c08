using SecretsKit.Cloud.Providers;

namespace SecretsKit.Agent.Templates;

/// <summary>
/// ESO's template engine (<see cref="TemplateEngine"/>, ESO's functions) as the stores' <see cref="IStoreTemplates"/>: what the
/// agent hands over in its <see cref="ProviderContext"/> for the templates of a store spec (the webhook's).
/// </summary>
internal sealed class EsoStoreTemplates : IStoreTemplates
{
    public static EsoStoreTemplates Instance { get; } = new();

    public string Render(string text, IReadOnlyDictionary<string, object?> data, string name)
    {
        try
        {
            return TemplateEngine.Render(text, data, name);
        }
        catch (TemplateException e)
        {
            throw new StoreTemplateException(e.Message);
        }
    }
}
