using System.CommandLine;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Upkeep;

/// <summary>
/// The key and repository upkeep verbs, run now and then by a person rather than on every deploy: one row per command,
/// in the order of <see cref="FullOnlyCommands.Upkeep"/>. The lean native CLI (src/SecretsKit.Cli.Lean) is built without
/// this folder: every type these verbs bring is one more static base its runtime sets up at each start (bench/README.md,
/// issue #81), so its own table hands these runs to the full CLI.
/// </summary>
internal static class UpkeepCommands
{
    public static (string Name, Func<CliContext, Command> Create)[] Table { get; } =
    [
        ("keygen", KeygenCommand.Create),
        ("rotate", RotateCommand.Create),
        ("updatekeys", UpdateKeysCommand.Create),
        ("groups", GroupsCommand.Create),
        ("scan", ScanCommand.Create),
        ("clone", CloneCommand.Create),
        ("merge", MergeCommand.Create),
        ("keyservice", KeyserviceCommand.Create),
    ];
}
