using System.Diagnostics;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.Processes;

/// <summary>Runs <c>/bin/sh -c CMD</c> with inherited stdio and a given environment; its exit code is the caller's.</summary>
internal sealed class ShellChild : IDisposable
{
    private readonly Process _process;

    private ShellChild(Process process) => _process = process;

    /// <param name="pristine">true: the child sees only <paramref name="variables"/> (no inherited environment).</param>
    /// <param name="user">runs the child as this user (uid, gid, supplementary groups) with its HOME, USER and LOGNAME, as sops's --user.</param>
    public static ShellChild Start(string command, IEnumerable<KeyValuePair<string, string>> variables, bool pristine, UnixUser? user = null)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        if (pristine) psi.Environment.Clear();
        if (user is not null)
        {
            psi.UserName = user.Name;
            foreach (var (k, v) in user.Variables) psi.Environment[k] = v;
        }
        foreach (var (k, v) in variables) psi.Environment[k] = v;
        try
        {
            return new ShellChild(Process.Start(psi) ?? throw new InvalidOperationException("no process"));
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"cannot run /bin/sh: {e.Message}");
        }
    }

    public Task Exited => _process.WaitForExitAsync();

    /// <summary>Waits for the child; on cancellation (Ctrl-C/SIGTERM) kills it. Exit code as the shell reports it (128+N when killed by signal N).</summary>
    public async Task<int> WaitAsync(CancellationToken ct)
    {
        try
        {
            await _process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            throw;
        }
        return _process.ExitCode;
    }

    public void Dispose() => _process.Dispose();
}
