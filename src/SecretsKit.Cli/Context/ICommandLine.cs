using System.CommandLine;

namespace SecretsKit.Cli.Context;

/// <summary>
/// The whole command line, for the commands that run or list the others (helm-secrets' verbs run encrypt, decrypt and edit;
/// <c>man</c> lists every command). The root (<c>CliApp</c>) sets it on the context it runs with, so no command reaches up
/// to the table that holds it.
/// </summary>
internal interface ICommandLine
{
    /// <summary>The root command with every command, or only those in <paramref name="only"/>.</summary>
    Command Build(CliContext context, IReadOnlySet<string>? only = null);

    /// <summary>Runs one command line to its exit code, as the process would.</summary>
    Task<int> RunAsync(string[] args, CliContext context);
}
