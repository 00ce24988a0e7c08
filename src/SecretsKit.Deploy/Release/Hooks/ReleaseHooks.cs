using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Deploy.Release.Hooks;

/// <summary>
/// Runs a release's <c>hooks:</c> for one event (helmfile's prepare, preapply, presync, postsync, preuninstall,
/// postuninstall, cleanup) in the release's directory, in order, each rendered for the event first
/// (<see cref="HookTemplates"/>). A failing hook (or one whose template fails) fails the stage; its output (and with
/// <c>showlogs</c> every hook's) is printed with secrets redacted.
/// </summary>
internal sealed class ReleaseHooks(IProcessRunner processes)
{
    public Task<bool> RunAsync(ReleaseTarget target, HookEvent ev, string workingDirectory, IReadOnlyCollection<string> sensitive,
        Action<string> stdout, Action<string> stderr, CancellationToken ct) =>
        RunAsync(target.Spec.Hooks, target.Spec.HookTemplates, target.Spec, $"release {target.Id}", ev, workingDirectory, sensitive, stdout, stderr, ct);

    /// <summary>
    /// The hooks of <paramref name="hooks"/> listening to <paramref name="ev"/>: a release's (<paramref name="release"/>
    /// set), or the state's global ones (<paramref name="release"/> null).
    /// </summary>
    public async Task<bool> RunAsync(IReadOnlyList<ReleaseHook> hooks, HookTemplates? templates, ReleaseSpec? release, string owner, HookEvent ev,
        string workingDirectory, IReadOnlyCollection<string> sensitive, Action<string> stdout, Action<string> stderr, CancellationToken ct)
    {
        foreach (var listening in hooks.Where(h => h.Events.Contains(ev.Name, StringComparer.Ordinal)))
        {
            ReleaseHook hook;
            try
            {
                hook = templates?.Render(listening, ev, release) ?? listening;
            }
            catch (GoTemplateException e)
            {
                stderr($"secretskit: {owner}: {ev.Name} hook '{listening.Command}': {SecretRedactor.Redact(e.Message, sensitive)}\n");
                return false;
            }
            var result = await processes.RunAsync(new ProcessSpec(hook.Command, hook.Args, WorkingDirectory: workingDirectory), ct);
            var output = SecretRedactor.Redact(Encoding.UTF8.GetString(result.StandardOutput) + result.StandardError, sensitive);
            if (hook.ShowLogs && output.Length > 0) stdout($"hook[{ev.Name}] {owner.Replace("release ", "", StringComparison.Ordinal)}: {output.TrimEnd()}\n");
            if (result.ExitCode == 0) continue;
            stderr($"secretskit: {owner}: {ev.Name} hook '{SecretRedactor.Redact(hook.Command, sensitive)}' failed (exit {result.ExitCode})\n"
                + string.Concat(output.TrimEnd().Split('\n').Select(l => "  | " + l + "\n")));
            return false;
        }
        return true;
    }
}
