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
    public Task<bool> RunAsync(ReleaseTarget target, string ev, string workingDirectory, IReadOnlyCollection<string> sensitive,
        Action<string> stdout, Action<string> stderr, CancellationToken ct) =>
        RunAsync(target.Spec.Hooks, $"release {target.Id}", ev, workingDirectory, sensitive, stdout, stderr, ct);

    /// <summary>The hooks of <paramref name="hooks"/> listening to <paramref name="ev"/> (a release's, or the state's global ones).</summary>
    public async Task<bool> RunAsync(IReadOnlyList<ReleaseHook> hooks, string owner, string ev, string workingDirectory, IReadOnlyCollection<string> sensitive,
        Action<string> stdout, Action<string> stderr, CancellationToken ct)
    {
        foreach (var hook in hooks.Where(h => h.Events.Contains(ev, StringComparer.Ordinal)))
        {
            var result = await processes.RunAsync(new ProcessSpec(hook.Command, hook.Args, WorkingDirectory: workingDirectory), ct);
            var output = SecretRedactor.Redact(Encoding.UTF8.GetString(result.StandardOutput) + result.StandardError, sensitive);
            if (hook.ShowLogs && output.Length > 0) stdout($"hook[{ev}] {owner.Replace("release ", "", StringComparison.Ordinal)}: {output.TrimEnd()}\n");
            if (result.ExitCode == 0) continue;
            stderr($"secretskit: {owner}: {ev} hook '{hook.Command}' failed (exit {result.ExitCode})\n"
                + string.Concat(output.TrimEnd().Split('\n').Select(l => "  | " + l + "\n")));
            return false;
        }
        return true;
    }
}
