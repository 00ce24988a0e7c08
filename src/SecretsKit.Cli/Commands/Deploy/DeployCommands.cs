using System.CommandLine;
using SecretsKit.Cli.Commands.Catalog;
using SecretsKit.Cli.Commands.HelmSecrets;
using SecretsKit.Cli.Context;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// The commands only the full CLI builds, one row each: the helm-secrets drop-in (<c>Commands/HelmSecrets/</c>), the deploy
/// verbs (this folder) and the two that list every command. The lean native CLI is built without this folder and supplies
/// a table of its own (src/SecretsKit.Cli.Lean/Commands/Deploy/) that hands these runs to the full CLI; its names are
/// <see cref="FullOnlyCommands.Names"/>, which a test holds equal to this table's.
/// </summary>
internal static class DeployCommands
{
    public static (string Name, Func<CliContext, Command> Create)[] Table { get; } =
    [
        ("enc", HelmSecretsCommands.Enc),
        ("dec", HelmSecretsCommands.Dec),
        ("view", HelmSecretsCommands.View),
        ("clean", HelmSecretsCommands.Clean),
        ("helm", HelmCommand.Create),
        ("downloader", DownloaderCommand.Create),
        ("helm-secrets", HelmSecretsPluginCommand.Create),
        ("post-renderer", PostRendererCommand.Create),
        ("release", ReleaseCommands.Create),
        ("validate", ValidateCommand.Create),
        ("unittest", UnitTestCommand.Create),
        ("policy", PolicyCommand.Create),
        ("dir", HelmSecretsCommands.Dir),
        ("completion", CompletionCommand.Create),
        ("publish", PublishCommand.Create),
        ("man", ManCommand.Create),
    ];

    /// <summary>helm's help rewriting (<see cref="HelmCommand.HelpGoesToHelm"/>).</summary>
    public static string[] HelpGoesToHelm(string[] args) => HelmCommand.HelpGoesToHelm(args);
}
