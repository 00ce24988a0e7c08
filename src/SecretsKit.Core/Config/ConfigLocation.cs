namespace SecretsKit.Core.Config;

/// <summary>The config file chosen (null when none), how it was found, and a warning about an ignored <c>.sops.yml</c>.</summary>
public sealed record ConfigLocation(string? Path, ConfigSource Source, string? Warning = null)
{
    public bool Found => Path is not null;

    /// <summary>One line for <c>--verbose</c>.</summary>
    public string Describe() => Source switch
    {
        ConfigSource.CommandLine => $"using config file {Path} (--config)",
        ConfigSource.EnvironmentVariable => $"using config file {Path} (SOPS_CONFIG)",
        ConfigSource.TargetDirectory => $"using config file {Path} (found upward from the file's directory)",
        ConfigSource.WorkingDirectory => $"using config file {Path} (found upward from the working directory)",
        _ => "no .sops.yaml found",
    };
}
