using System.Runtime.InteropServices;
using SecretsKit.Cli;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Platform;

// Plaintext temp directories are removed on every exit path, including Ctrl-C and SIGTERM; while the editor has one
// open, ChildSignals forwards the signal to it, waits for it to end, and the edit's own exit path removes it.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, RemovePlaintext);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RemovePlaintext);
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, RemovePlaintext);
AppDomain.CurrentDomain.ProcessExit += (_, _) => PrivateTempDirectory.RemoveAll();

var context = CliContext.FromProcess();
try
{
    return await CliApp.RunAsync(args, context);
}
finally
{
    PrivateTempDirectory.RemoveAll();
}

static void RemovePlaintext(PosixSignalContext signal)
{
    if (!ChildSignals.Active) PrivateTempDirectory.RemoveAll();
}
