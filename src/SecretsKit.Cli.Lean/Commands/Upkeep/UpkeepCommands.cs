using System.CommandLine;
using SecretsKit.Cli.Commands.Deploy;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// The lean native CLI's stand-in for the upkeep table (src/SecretsKit.Cli/Commands/Upkeep/, which this build leaves out):
/// every <see cref="FullOnlyCommands.Upkeep"/> entry hands the run to the full CLI, as the deploy rows do.
/// </summary>
internal static class UpkeepCommands
{
    public static (string Name, Func<CliContext, Command> Create)[] Table { get; } =
        FullOnlyCommands.Upkeep.Select(name => (name, (Func<CliContext, Command>)DeployCommands.HandOff)).ToArray();
}
