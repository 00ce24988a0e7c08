using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Edition;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// The lean native CLI's stand-in for the full CLI's deploy and helm-secrets table (src/SecretsKit.Cli/Commands/Deploy/,
/// which this build leaves out): every <see cref="FullOnlyCommands.Names"/> entry, each handing the run to the full CLI when
/// a run reaches it. So the lean CLI knows every command name (typos, legacy arguments) and runs none of them itself.
/// </summary>
internal static class DeployCommands
{
    public static (string Name, Func<CliContext, Command> Create)[] Table { get; } =
        FullOnlyCommands.Names.Select(name => (name, (Func<CliContext, Command>)HandOff)).ToArray();

    /// <summary>helm's help rewriting is the full CLI's (a run naming helm goes there): the arguments as given.</summary>
    public static string[] HelpGoesToHelm(string[] args) => args;

    /// <summary>A row the lean CLI does not build: reaching it hands the whole run to the full CLI.</summary>
    public static Command HandOff(CliContext context) => throw new FullBinaryRequired("this command");
}
