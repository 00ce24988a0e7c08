using System.CommandLine;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>
/// The everyday file verbs every build runs itself (the sops verbs a pipeline or an editor session uses): one row per
/// command, its name and how to build it. The key and repository upkeep verbs are <c>Commands/Upkeep/UpkeepCommands.Table</c>.
/// </summary>
internal static class SopsCommands
{
    public static (string Name, Func<CliContext, Command> Create)[] Table { get; } =
    [
        ("encrypt", EncryptCommand.Create),
        ("decrypt", DecryptCommand.Create),
        ("edit", c => EditCommand.Create(c)),
        ("filestatus", FileStatusCommand.Create),
        ("set", ValueCommands.Set),
        ("unset", ValueCommands.Unset),
        ("exec-env", ExecCommands.ExecEnv),
        ("exec-file", ExecCommands.ExecFile),
        ("version", VersionCommand.Create),
    ];
}
