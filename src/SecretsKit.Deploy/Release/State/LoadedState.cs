using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.State;

/// <summary>
/// A state loaded for one environment: the releases of every state file (sub-helmfiles included) with their templates
/// rendered, and the environment's state values. Dispose removes the private directory holding rendered values files.
/// </summary>
public sealed class LoadedState(ReleaseFile file, string environment, Dictionary<string, object?> values, PrivateTempDirectory? temp) : IDisposable
{
    public ReleaseFile File => file;

    public string Environment => environment;

    /// <summary>The environment's merged state values (may hold decrypted environment secrets: never print them unredacted).</summary>
    public IReadOnlyDictionary<string, object?> Values => values;

    /// <summary>The private 0700 directory of rendered inline/<c>.gotmpl</c> values files, if any was needed.</summary>
    public string? PrivateDirectory => temp?.Path;

    public void Dispose() => temp?.Dispose();
}
