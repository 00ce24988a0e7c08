using System.Runtime.InteropServices;
using SecretsKit.Cli;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Platform;

// Plaintext temp directories are removed on every exit path, including Ctrl-C and SIGTERM.
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => PrivateTempDirectory.RemoveAll());
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => PrivateTempDirectory.RemoveAll());
using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => PrivateTempDirectory.RemoveAll());
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
