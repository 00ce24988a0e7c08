using System.Runtime.InteropServices;
using SecretsKit.Cli;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Platform;

// Plaintext temp directories are removed on every exit path, including every signal that ends the process and can be
// handled (TerminationSignals); while the editor has one open, ChildSignals forwards the signal to it, waits for it to
// end, and the edit's own exit path removes it. A PlaintextWatchdog covers what no handler sees (SIGKILL).
var registrations = TerminationSignals.All.Select(s => PosixSignalRegistration.Create(s.Signal, RemovePlaintext)).ToList();
AppDomain.CurrentDomain.ProcessExit += (_, _) => PrivateTempDirectory.RemoveAll();

var context = CliContext.FromProcess();
try
{
    return await CliApp.RunAsync(args, context);
}
finally
{
    PrivateTempDirectory.RemoveAll();
    foreach (var registration in registrations) registration.Dispose();
}

static void RemovePlaintext(PosixSignalContext signal)
{
    if (!ChildSignals.Active) PrivateTempDirectory.RemoveAll();
}
