using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release;

/// <summary>Runs helm (<c>HELM_BIN</c>, else <c>helm</c> on PATH) in the release file's directory and captures its output.</summary>
public sealed class HelmClient(IProcessRunner processes, string binary, string workingDirectory)
{
    public string Binary => binary;

    public async Task<HelmOutput> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var result = await processes.RunAsync(new ProcessSpec(binary, args, WorkingDirectory: workingDirectory), cancellationToken);
        return new HelmOutput(result.ExitCode, Encoding.UTF8.GetString(result.StandardOutput), result.StandardError);
    }
}

/// <summary>What one helm call printed and returned.</summary>
public sealed record HelmOutput(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    /// <summary>helm's "release: not found" (get manifest / status / history of a release that is not installed).</summary>
    public bool NotFound => !Ok && Stderr.Contains("not found", StringComparison.OrdinalIgnoreCase);
}
