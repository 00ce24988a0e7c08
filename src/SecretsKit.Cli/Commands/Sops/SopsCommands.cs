using System.CommandLine;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Sops;

/// <summary>The sops verbs and the other file and key verbs every build has: one row per command, its name and how to build it.</summary>
internal static class SopsCommands
{
    public static (string Name, Func<CliContext, Command> Create)[] Table { get; } =
    [
        ("encrypt", EncryptCommand.Create),
        ("decrypt", DecryptCommand.Create),
        ("edit", c => EditCommand.Create(c)),
        ("filestatus", FileStatusCommand.Create),
        ("keygen", KeygenCommand.Create),
        ("rotate", RotateCommand.Create),
        ("updatekeys", UpdateKeysCommand.Create),
        ("groups", GroupsCommand.Create),
        ("set", ValueCommands.Set),
        ("unset", ValueCommands.Unset),
        ("exec-env", ExecCommands.ExecEnv),
        ("exec-file", ExecCommands.ExecFile),
        ("scan", ScanCommand.Create),
        ("clone", CloneCommand.Create),
        ("merge", MergeCommand.Create),
        ("keyservice", KeyserviceCommand.Create),
        ("version", VersionCommand.Create),
    ];
}
