using System.CommandLine;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli;

/// <summary><see cref="CliApp"/> as the <see cref="ICommandLine"/> commands run other commands through.</summary>
internal sealed class CliCommandLine : ICommandLine
{
    public static CliCommandLine Instance { get; } = new();

    public Command Build(CliContext context, IReadOnlySet<string>? only = null) => CliApp.Build(context, only);

    public Task<int> RunAsync(string[] args, CliContext context) => CliApp.RunAsync(args, context);
}
