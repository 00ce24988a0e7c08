using System.Diagnostics.CodeAnalysis;

namespace SecretsKit.Core.Platform;

/// <summary>The process environment as an input: variables, home and working directory.</summary>
public interface IEnvironment
{
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "C# only; Get reads one variable.")]
    string? Get(string name);

    IReadOnlyDictionary<string, string> Variables { get; }

    string HomeDirectory { get; }

    string CurrentDirectory { get; }
}
