using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Redaction;

namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>
/// <c>command: [program, arguments…]</c>: passes on exit code 0. It runs in the state file's folder (a program written
/// with a <c>/</c> is found from there); its output is shown only with every secret value of the run redacted, and only
/// its last lines.
/// </summary>
internal static class CommandCheck
{
    private const int ShownLines = 10;

    public static async Task<CheckResult> RunAsync(IReadOnlyList<string> command, string directory, IProcessRunner processes,
        IReadOnlyCollection<string> sensitive, CancellationToken ct)
    {
        var program = command[0].Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(command[0], directory) : command[0];
        var shown = string.Join(' ', command.Select(a => Echo.Bounded(a, 80)));
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(new ProcessSpec(program, [.. command.Skip(1)], WorkingDirectory: directory), ct);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or FileNotFoundException or InvalidOperationException)
        {
            return CheckResult.Fail("command", $"{SecretRedactor.Redact(shown, sensitive)} could not be started: {Echo.Bounded(e.Message)}");
        }
        if (result.ExitCode == 0) return CheckResult.Pass("command", $"{SecretRedactor.Redact(shown, sensitive)} exited 0");
        var output = SecretRedactor.Redact((Encoding.UTF8.GetString(result.StandardOutput) + result.StandardError).TrimEnd(), sensitive);
        var tail = output.Split('\n').TakeLast(ShownLines).Where(l => l.Length > 0).Select(l => "\n  | " + Echo.Bounded(l, 300));
        return CheckResult.Fail("command", $"{SecretRedactor.Redact(shown, sensitive)} exited {result.ExitCode}" + string.Concat(tail));
    }
}
