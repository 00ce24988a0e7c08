namespace SecretsKit.Cloud.Providers;

/// <summary>
/// The Go template engine a provider renders its spec's templates with (the webhook's <c>url</c>, <c>headers</c>,
/// <c>body</c>, <c>result.jsonPath</c>), supplied by whoever runs the stores through <see cref="ProviderContext.Templates"/>:
/// the agent hands over ESO's engine and functions; elsewhere there is none (<see cref="NoStoreTemplates"/>).
/// </summary>
public interface IStoreTemplates
{
    /// <summary>
    /// <paramref name="text"/> rendered over <paramref name="data"/>; <paramref name="name"/> (its spec field) names it in
    /// errors. A template that does not parse or fails while executing is a <see cref="StoreTemplateException"/>.
    /// </summary>
    string Render(string text, IReadOnlyDictionary<string, object?> data, string name);
}
