namespace SecretsKit.Core.Platform;

/// <summary>An environment given as a dictionary (tests, or a child process's pristine environment).</summary>
public sealed class MapEnvironment(IReadOnlyDictionary<string, string> variables, string homeDirectory, string currentDirectory)
    : IEnvironment
{
    public string? Get(string name) =>
        variables.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public IReadOnlyDictionary<string, string> Variables => variables;

    public string HomeDirectory => homeDirectory;

    public string CurrentDirectory => currentDirectory;
}
