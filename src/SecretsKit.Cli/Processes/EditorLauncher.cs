using System.Diagnostics;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cli.Processes;

/// <summary>Runs <c>$SOPS_EDITOR</c>, else <c>$EDITOR</c> (shell-split), else the first of vim, nano, vi on PATH, attached to the terminal.</summary>
internal static class EditorLauncher
{
    private static readonly string[] FallbackEditors = ["vim", "nano", "vi"];

    public static async Task RunAsync(string file, CliContext context, CancellationToken ct)
    {
        var command = context.Environment.Get("SOPS_EDITOR") ?? context.Environment.Get("EDITOR");
        IReadOnlyList<string> argv;
        if (command is not null)
        {
            argv = ShellWords.Split(command);
        }
        else
        {
            var found = FallbackEditors.Select(n => Which(n, context)).FirstOrDefault(p => p is not null);
            if (found is null)
            {
                throw new SecretsKitException(ExitCodes.NoEditorFound, "no editor found", "set SOPS_EDITOR or EDITOR (GUI editors need a wait flag, e.g. 'code --wait')");
            }
            argv = new[] { found };
        }
        if (argv.Count == 0) throw new SecretsKitException(ExitCodes.NoEditorFound, "the editor command is empty");

        var psi = new ProcessStartInfo(argv[0]) { UseShellExecute = false };
        foreach (var a in argv.Skip(1)) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add(file);
        using var signals = ChildSignals.Watch(); // before the start: no signal may find the editor running unwatched
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new SecretsKitException(ExitCodes.NoEditorFound, $"cannot run the editor '{argv[0]}': {e.Message}");
        }
        using (process)
        {
            signals.Attach(process);
            await process.WaitForExitAsync(CancellationToken.None);
            if (signals.Received is { } signal)
            {
                throw new SecretsKitException(ExitCodes.Generic, $"edit canceled by {signal}; nothing was written");
            }
            ct.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                throw new SecretsKitException(ExitCodes.NoEditorFound, $"the editor '{argv[0]}' exited with code {process.ExitCode}; nothing was written");
            }
        }
    }

    private static string? Which(string name, CliContext context)
    {
        foreach (var dir in (context.Environment.Get("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
