using System.CommandLine;
using System.Reflection;
using SecretsKit.Cli.Commands;
using SecretsKit.Cli.Infrastructure;

namespace SecretsKit.Cli;

/// <summary>Builds the command tree and runs it, mapping errors to sops exit codes.</summary>
internal static class CliApp
{
    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("SecretsKit: SOPS-compatible secrets for Helm and Kubernetes")
        {
            GlobalFlags.Config, GlobalFlags.Indent, GlobalFlags.Verbose,
            EncryptCommand.Create(context),
            DecryptCommand.Create(context),
            EditCommand.Create(context),
            FileStatusCommand.Create(context),
            KeygenCommand.Create(context),
            HelmSecretsCommands.Enc(context),
            HelmSecretsCommands.Dec(context),
            HelmSecretsCommands.View(context),
            HelmSecretsCommands.Clean(context),
            RotateCommand.Create(context),
            UpdateKeysCommand.Create(context),
            GroupsCommand.Create(context),
            ValueCommands.Set(context),
            ValueCommands.Unset(context),
            ExecCommands.ExecEnv(context),
            ExecCommands.ExecFile(context),
            ScanCommand.Create(context),
            MergeCommand.Create(context),
            HelmCommand.Create(context),
            DownloaderCommand.Create(context),
            PostRendererCommand.Create(context),
            ReleaseCommands.Create(context),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        var debug = context.Environment.Get("SECRETSKIT_DEBUG") is not null;
        try
        {
            var root = Build(context);
            var names = root.Subcommands.SelectMany(c => c.Aliases.Append(c.Name)).ToHashSet(StringComparer.Ordinal);
            var parse = root.Parse(LegacyArguments.Translate(args, names));
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Error = context.Stderr,
            });
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context.Stderr, debug);
        }
    }

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
