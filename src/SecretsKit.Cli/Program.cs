using System.Runtime.InteropServices;
using SecretsKit.Cli;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Edition;
using SecretsKit.Cli.IO;
using SecretsKit.Cli.Processes;
using SecretsKit.Core.Platform;

// Plaintext temp directories are removed on every exit path, including every signal that ends the process and can be
// handled (TerminationSignals); while the editor has one open, ChildSignals forwards the signal to it, waits for it to
// end, and the edit's own exit path removes it; a release run (InterruptibleProcesses) ends its helm calls and removes
// its plaintext on its own exit path too. A PlaintextWatchdog covers what no handler sees (SIGKILL).
var registrations = TerminationSignals.All.Select(s => PosixSignalRegistration.Create(s.Signal, RemovePlaintext)).ToList();
AppDomain.CurrentDomain.ProcessExit += (_, _) => PrivateTempDirectory.RemoveAll();

#pragma warning disable CA2000 // the process's standard streams live as long as the process; the CLI never closes them
var context = new CliContext(SystemEnvironment.Instance, SystemProcessRunner.Instance, TimeProvider.System, CliEdition.OpenStdin(),
    new SynchronousStdout(Console.OpenStandardOutput()), Console.Error, () => !Console.IsInputRedirected);
#pragma warning restore CA2000
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
    if (!ChildSignals.Active && !InterruptibleProcesses.Active) PrivateTempDirectory.RemoveAll();
}
