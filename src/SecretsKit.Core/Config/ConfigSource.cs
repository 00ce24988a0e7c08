namespace SecretsKit.Core.Config;

/// <summary>Where the config file came from.</summary>
public enum ConfigSource
{
    None,
    CommandLine,
    EnvironmentVariable,
    TargetDirectory,
    WorkingDirectory,
}
