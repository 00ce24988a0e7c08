using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>Runs helm (<c>HELM_BIN</c>, else <c>helm</c> on PATH) in the release file's directory and captures its output.</summary>
public sealed class HelmClient(IProcessRunner processes, string binary, string workingDirectory)
{
    private readonly Lock _gate = new();

    private Task<HelmVersion>? _version;

    public string Binary => binary;

    /// <summary>The process runner helm runs through (the unittest stage renders with it too).</summary>
    internal IProcessRunner Processes => processes;

    /// <summary>What <c>helm version</c> says (<see cref="HelmVersion"/>), asked once per client, i.e. once per run.</summary>
    internal Task<HelmVersion> VersionAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _version ??= HelmVersion.ProbeAsync(processes, binary, null, workingDirectory, cancellationToken);
    }

    /// <summary>
    /// Called before every helm call of <see cref="RunAsync"/>: the release lock's fence, which throws when the run no
    /// longer holds its lock, so it stops before its next helm call (null: no lock held).
    /// </summary>
    public Action? Fence { get; set; }

    /// <summary>
    /// Runs helm; <paramref name="outputLine"/>, when given, sees each line helm prints as it prints it;
    /// <paramref name="environment"/>, when given, is helm's whole environment (else this process's); <paramref name="cleanup"/>:
    /// a cleanup call that runs even after the run was interrupted (<see cref="ProcessSpec.Cleanup"/>).
    /// </summary>
    public async Task<HelmOutput> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken, Action<string>? outputLine = null,
        IReadOnlyDictionary<string, string>? environment = null, bool cleanup = false)
    {
        Fence?.Invoke();
        var spec = new ProcessSpec(binary, args, Environment: environment, WorkingDirectory: workingDirectory, OutputLine: outputLine) { Cleanup = cleanup };
        var result = await processes.RunAsync(spec, cancellationToken);
        return new HelmOutput(result.ExitCode, Encoding.UTF8.GetString(result.StandardOutput), result.StandardError);
    }
}
