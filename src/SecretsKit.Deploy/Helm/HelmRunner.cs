using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Runs <c>helm</c> (<c>HELM_BIN</c>, else <c>helm</c> on PATH) with inherited stdin/stdout/stderr and returns its exit
/// code unchanged. While it runs, SIGINT/SIGTERM/SIGHUP sent to us are forwarded to helm and we wait for it to end
/// (so the caller can remove plaintext after helm stopped reading it); the result is then 128+signal.
/// </summary>
public sealed class HelmRunner(IEnvironment environment)
{
    private static readonly TimeSpan GraceAfterForward = TimeSpan.FromSeconds(10);

    public string Binary => environment.Get("HELM_BIN") is { Length: > 0 } bin ? bin : "helm";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(Binary) { UseShellExecute = false, WorkingDirectory = environment.CurrentDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new SecretsKitException(ExitCodes.Generic, $"could not start {Binary}");
        }
        catch (Win32Exception e)
        {
            throw new SecretsKitException(ExitCodes.Generic, $"could not run {Binary}: {e.Message}",
                "install helm or set HELM_BIN to its path");
        }
        using (process)
        {
            var received = 0;
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                var number = Number(context.Signal);
                if (Interlocked.CompareExchange(ref received, number, 0) != 0) return;
                _ = Task.Run(() => Forward(process, context.Signal, number), CancellationToken.None); // forwarding must run even after cancellation
            }
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None);
                throw;
            }
            return received != 0 ? 128 + received : process.ExitCode;
        }
    }

    private static async Task Forward(Process process, PosixSignal signal, int number)
    {
        try
        {
            // Ctrl-C in a terminal already reached helm (same process group): give it a moment before repeating it.
            if (signal == PosixSignal.SIGINT && await Exited(process, TimeSpan.FromSeconds(1))) return;
            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + number, process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false });
                if (kill is not null) await kill.WaitForExitAsync();
            }
            if (!await Exited(process, GraceAfterForward)) Kill(process);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            Kill(process);
        }
    }

    private static async Task<bool> Exited(Process process, TimeSpan wait)
    {
        using var cts = new CancellationTokenSource(wait);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
        }
    }

    private static int Number(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGHUP => 1,
        PosixSignal.SIGINT => 2,
        PosixSignal.SIGTERM => 15,
        _ => 1,
    };
}
