using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// The helm arguments with ref-valued <c>--set</c> items replaced by one generated values file (<see cref="ValuesFile"/>,
/// null when there was no such item). Dispose removes the file and its private directory.
/// </summary>
public sealed class SetRefValues(IReadOnlyList<string> arguments, string? valuesFile, PrivateTempDirectory? temp, int movedCount) : IDisposable
{
    public IReadOnlyList<string> Arguments { get; } = arguments;

    public string? ValuesFile { get; } = valuesFile;

    /// <summary>How many <c>--set</c> items were moved into the file.</summary>
    public int MovedCount { get; } = movedCount;

    public void Dispose() => temp?.Dispose();
}
