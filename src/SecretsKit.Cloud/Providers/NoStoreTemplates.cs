namespace SecretsKit.Cloud.Providers;

/// <summary>No template engine here: a spec that needs one is a configuration error.</summary>
public sealed class NoStoreTemplates : IStoreTemplates
{
    public static NoStoreTemplates Instance { get; } = new();

    public string Render(string text, IReadOnlyDictionary<string, object?> data, string name) =>
        throw new StoreConfigException($"{name}: templates are not available here");
}
