namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>What one helm call printed and returned.</summary>
public sealed record HelmOutput(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    /// <summary>
    /// helm's <c>Error: release: not found</c> (get manifest / status / history of a release that is not installed), helm 3
    /// and 4's storage error, and nothing else: a cluster helm cannot reach (<c>Kubernetes cluster unreachable: … not
    /// found</c>), a context or namespace that does not exist, fails the call instead of reading as "not installed yet".
    /// </summary>
    public bool NotFound => !Ok && Stderr.Split('\n').Any(line => line.TrimEnd('\r', ' ').EndsWith("Error: release: not found", StringComparison.Ordinal));
}
