using System.Collections;

namespace SecretsKit.Core.Platform;

/// <summary>The real process environment.</summary>
public sealed class SystemEnvironment : IEnvironment
{
    public static SystemEnvironment Instance { get; } = new();

    public string? Get(string name)
    {
        var v = Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(v) ? null : v;
    }

    public IReadOnlyDictionary<string, string> Variables
    {
        get
        {
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                d[(string)e.Key] = (string?)e.Value ?? "";
            }
            return d;
        }
    }

    public string HomeDirectory =>
        Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public string CurrentDirectory => Directory.GetCurrentDirectory();
}
