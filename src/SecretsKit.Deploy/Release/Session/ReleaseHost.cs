using SecretsKit.Core.Operations;
using SecretsKit.Core.Platform;

namespace SecretsKit.Deploy.Release.Session;

/// <summary>
/// What the process gives a <see cref="ReleaseRunner"/> run: its environment and working directory, the process runner,
/// the clock, the SOPS engine, stdout and stderr, the warning sink, and <see cref="Interruptible"/>, which puts a run's
/// children behind the process's termination signals (the CLI's implementation).
/// </summary>
public sealed record ReleaseHost(
    IEnvironment Environment, IProcessRunner Processes, TimeProvider Time, SopsEngine Engine, Stream Stdout, TextWriter Stderr,
    Action<string> Warn, Func<IProcessRunner, IInterruptibleProcessRunner> Interruptible);
