namespace SecretsKit.Cli.Edition;

/// <summary>
/// Thrown by the lean native CLI (built with <c>SECRETSKIT_LEAN</c>, src/SecretsKit.Cli.Lean) when a run needs what it was
/// built without: a deploy verb, help that lists every command, a cloud key, a remote key service. Deliberately not a
/// <see cref="Core.Errors.SecretsKitException"/>, so no command or key loop reports it as a failure: it ends the run, and
/// <see cref="CliApp"/> hands the whole run to the full CLI (<see cref="FullBinary"/>). Never thrown by the full CLI.
/// </summary>
internal sealed class FullBinaryRequired(string what) : Exception($"this run needs the full CLI: {what}")
{
    /// <summary>What the lean CLI lacks, for the error shown when the full CLI is missing.</summary>
    public string What { get; } = what;
}
