using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>Runs helm (<c>HELM_BIN</c>, else <c>helm</c> on PATH) in the release file's directory and captures its output.</summary>
public sealed class HelmClient(IProcessRunner processes, string binary, string workingDirectory)
{
    public string Binary => binary;

    /// <summary>Runs helm; <paramref name="outputLine"/>, when given, sees each line helm prints as it prints it.</summary>
    public async Task<HelmOutput> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken, Action<string>? outputLine = null)
    {
        var result = await processes.RunAsync(new ProcessSpec(binary, args, WorkingDirectory: workingDirectory, OutputLine: outputLine), cancellationToken);
        return new HelmOutput(result.ExitCode, Encoding.UTF8.GetString(result.StandardOutput), result.StandardError);
    }
}
