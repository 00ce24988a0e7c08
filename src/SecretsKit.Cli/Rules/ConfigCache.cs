using System.Collections.Concurrent;
using SecretsKit.Core.Config;

namespace SecretsKit.Cli.Rules;

/// <summary>Parses each <c>.sops.yaml</c> once per process.</summary>
internal static class ConfigCache
{
    private static readonly ConcurrentDictionary<string, SopsConfig> Loaded = new(StringComparer.Ordinal);

    public static SopsConfig Load(string path) =>
        Loaded.GetOrAdd(path, SopsConfigParser.Load);
}
