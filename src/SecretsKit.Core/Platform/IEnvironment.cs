namespace SecretsKit.Core.Platform;

/// <summary>The process environment as an input: variables, home and working directory.</summary>
public interface IEnvironment
{
    string? Get(string name);

    IReadOnlyDictionary<string, string> Variables { get; }

    string HomeDirectory { get; }

    string CurrentDirectory { get; }
}
