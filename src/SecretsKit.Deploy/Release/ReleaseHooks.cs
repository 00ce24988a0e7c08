using System.Text;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release;

/// <summary>
/// Runs a release's <c>hooks:</c> for one event (helmfile's prepare, preapply, presync, postsync, preuninstall,
/// postuninstall, cleanup) in the release's
/// directory, in order. A failing hook fails the stage; its output (and with <c>showlogs</c> every hook's) is printed
/// with secrets redacted.
/// </summary>
internal sealed class ReleaseHooks(IProcessRunner processes)
{
    public async Task<bool> RunAsync(ReleaseTarget target, string ev, string workingDirectory, IReadOnlyCollection<string> sensitive,
        Action<string> stdout, Action<string> stderr, CancellationToken ct)
    {
        foreach (var hook in target.Spec.Hooks.Where(h => h.Events.Contains(ev, StringComparer.Ordinal)))
        {
            var result = await processes.RunAsync(new ProcessSpec(hook.Command, hook.Args, WorkingDirectory: workingDirectory), ct);
            var output = SecretRedactor.Redact(Encoding.UTF8.GetString(result.StandardOutput) + result.StandardError, sensitive);
            if (hook.ShowLogs && output.Length > 0) stdout($"hook[{ev}] {target.Id}: {output.TrimEnd()}\n");
            if (result.ExitCode == 0) continue;
            stderr($"secretskit: release {target.Id}: {ev} hook '{hook.Command}' failed (exit {result.ExitCode})\n"
                + string.Concat(output.TrimEnd().Split('\n').Select(l => "  | " + l + "\n")));
            return false;
        }
        return true;
    }
}
