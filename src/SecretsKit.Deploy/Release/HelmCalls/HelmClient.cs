using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.HelmCalls;

/// <summary>Runs helm (<c>HELM_BIN</c>, else <c>helm</c> on PATH) in the release file's directory and captures its output.</summary>
public sealed class HelmClient(IProcessRunner processes, string binary, string workingDirectory)
{
    private readonly Lock _gate = new();

    private Task<int>? _majorVersion;

    public string Binary => binary;

    /// <summary>The process runner helm runs through (the unittest stage renders with it too).</summary>
    internal IProcessRunner Processes => processes;

    /// <summary>
    /// helm's major version (<c>helm version --template {{.Version}}</c>), asked once per client, i.e. once per run;
    /// 3 when helm does not say (every helm before 3 is long gone, and Helm 3 spellings are the conservative ones).
    /// </summary>
    public Task<int> MajorVersionAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _majorVersion ??= AskMajorVersionAsync(cancellationToken);
    }

    private async Task<int> AskMajorVersionAsync(CancellationToken cancellationToken)
    {
        var output = await RunAsync(["version", "--template", "{{.Version}}"], cancellationToken);
        var text = output.Stdout.Trim();
        var digits = text.StartsWith('v') ? text[1..].Split('.')[0] : "";
        return output.Ok && int.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) ? major : 3;
    }

    /// <summary>Runs helm; <paramref name="outputLine"/>, when given, sees each line helm prints as it prints it.</summary>
    public async Task<HelmOutput> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken, Action<string>? outputLine = null)
    {
        var result = await processes.RunAsync(new ProcessSpec(binary, args, WorkingDirectory: workingDirectory, OutputLine: outputLine), cancellationToken);
        return new HelmOutput(result.ExitCode, Encoding.UTF8.GetString(result.StandardOutput), result.StandardError);
    }
}
