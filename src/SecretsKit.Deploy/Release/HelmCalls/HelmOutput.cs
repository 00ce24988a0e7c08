namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>What one helm call printed and returned.</summary>
public sealed record HelmOutput(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    /// <summary>helm's "release: not found" (get manifest / status / history of a release that is not installed).</summary>
    public bool NotFound => !Ok && Stderr.Contains("not found", StringComparison.OrdinalIgnoreCase);
}
