using SecretsKit.Cli.Processes;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cli.CommandLine;

/// <summary>
/// Turns exceptions into the one CLI voice: <c>secretskit: error: …</c>, optional <c>hint:</c>, an exit code. No stack
/// traces; each line at most <see cref="MaxLine"/> characters (<see cref="Echo.Truncated"/>), whatever a hostile input
/// made the message grow to (a self-recursive <c>tpl</c> repeats every level). In the helm-secrets drop-in
/// (<paramref name="helmSecrets"/>) helm-secrets' voice: <c>[helm-secrets] …</c> and exit 1, as its <c>fatal</c> does
/// (hints name secretskit flags that <c>helm secrets</c> does not take).
/// </summary>
internal static class ErrorReporter
{
    /// <summary>Longest line the CLI prints for an error or a hint, its prefix and the "… (N characters)" tail included.</summary>
    public const int MaxLine = 4_000;

    private static string Line(string prefix, string message) => prefix + Echo.Truncated(message, MaxLine - prefix.Length);

    public static int Report(Exception e, TextWriter stderr, bool debug, bool helmSecrets = false)
    {
        if (helmSecrets)
        {
            stderr.WriteLine(Line("[helm-secrets] ", e is SecretsKitException or OperationCanceledException ? e.Message : $"unexpected {e.GetType().Name}: {e.Message}"));
            if (debug) stderr.WriteLine(e.ToString());
            return ExitCodes.Generic;
        }
        switch (e)
        {
            case EmptyKeyGroupException when InvokedName.IsSops:
                stderr.WriteLine(e.Message); // sops's own line, alone (its functional tests compare stderr whole)
                return ExitCodes.Generic;
            case SecretsKitException s:
                stderr.WriteLine(Line("secretskit: error: ", s.Message));
                if (s.Hint is not null) stderr.WriteLine(Line("secretskit: hint: ", s.Hint));
                if (debug) stderr.WriteLine(s.ToString());
                return s.ExitCode;
            case OperationCanceledException:
                stderr.WriteLine("secretskit: error: canceled");
                return ExitCodes.Generic;
            default:
                stderr.WriteLine(Line("secretskit: error: ", $"unexpected {e.GetType().Name}: {e.Message}"));
                stderr.WriteLine("secretskit: hint: set SECRETSKIT_DEBUG=1 for details and report this as a bug");
                if (debug) stderr.WriteLine(e.ToString());
                return ExitCodes.Generic;
        }
    }
}
