using System.CommandLine;
using System.CommandLine.Invocation;
using SecretsKit.Cli.CommandLine;
using SecretsKit.Cli.Commands.Deploy;
using SecretsKit.Cli.Commands.Sops;
using SecretsKit.Cli.Commands.Upkeep;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.Edition;
using SecretsKit.Cli.Flags;

namespace SecretsKit.Cli;

/// <summary>Builds the command tree and runs it, mapping errors to sops exit codes.</summary>
internal static class CliApp
{
    /// <summary>
    /// Every top-level command: its name and how to build it, one line each in <see cref="SopsCommands.Table"/> (every build),
    /// <see cref="UpkeepCommands.Table"/> or <see cref="DeployCommands.Table"/> (the full CLI's; the lean build's own tables
    /// hand those runs to the full CLI).
    /// Building a command allocates its options and may create the key-source registry, so a run builds only the commands
    /// its arguments name (see <see cref="Reachable"/>).
    /// </summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Commands = [.. SopsCommands.Table, .. UpkeepCommands.Table, .. DeployCommands.Table];

    /// <summary>The names of every top-level command, without building any.</summary>
    public static IReadOnlySet<string> CommandNames { get; } = Commands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The root command with every command, or only those in <paramref name="only"/>; with <paramref name="directives"/>,
    /// one that understands <c>[directive]</c> arguments (see <see cref="CliRoot"/>).
    /// </summary>
    public static Command Build(CliContext context, IReadOnlySet<string>? only = null, bool directives = false)
    {
        context.CommandLine = CliCommandLine.Instance;
        // The full-only rows are built first: in the lean build each hands the run to the full CLI before anything is built.
        var deploy = Create(DeployCommands.Table, context, only);
        var upkeep = Create(UpkeepCommands.Table, context, only);
        var sops = Create(SopsCommands.Table, context, only);
        var root = CliRoot.Create("SecretsKit: SOPS-compatible secrets for Helm and Kubernetes", directives,
            GlobalFlags.Config, GlobalFlags.Indent, GlobalFlags.Verbose, GlobalFlags.DisableVersionCheck, GlobalFlags.CheckForUpdates,
            KeyServiceFlags.KeyService, KeyServiceFlags.EnableLocal);
        foreach (var command in sops.Concat(upkeep).Concat(deploy)) root.Add(command);
        return root;
    }

    private static List<Command> Create((string Name, Func<CliContext, Command> Create)[] table, CliContext context, IReadOnlySet<string>? only) =>
        table.Where(row => only is null || only.Contains(row.Name)).Select(row => row.Create(context)).ToList();

    /// <summary>
    /// The commands that parsing <paramref name="args"/> can reach: every command whose name is one of the arguments
    /// (the parser only enters a command through a token equal to its name), or null for all of them when no argument
    /// names one (root help, errors and typo suggestions list every command) or when the arguments may hold more than
    /// they show (a <c>[directive]</c> such as <c>[suggest]</c>, an <c>@response-file</c>). A lone <c>--version</c> needs none.
    /// </summary>
    public static IReadOnlySet<string>? Reachable(string[] args)
    {
        if (args is ["--version"]) return new HashSet<string>();
        if (HoldsDirective(args) || args.Any(a => a.StartsWith('@'))) return null;
        var named = args.Where(CommandNames.Contains).ToHashSet(StringComparer.Ordinal);
        return named.Count == 0 ? null : named;
    }

    /// <summary>Whether an argument is a <c>[directive]</c> (only a <see cref="RootCommand"/> parses those).</summary>
    private static bool HoldsDirective(string[] args) => args.Any(a => a.StartsWith('['));

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        context.CommandLine = CliCommandLine.Instance;
        var debug = context.Environment.Get("SECRETSKIT_DEBUG") is not null;
        try
        {
            if (CommandTypos.Find(args, CommandNames, context.Environment.CurrentDirectory) is { } typo)
            {
                context.Stderr.WriteLine($"secretskit: error: {typo}");
                context.Stderr.WriteLine("secretskit: hint: run 'secretskit --help' for the commands");
                return Core.Errors.ExitCodes.Generic;
            }
            // No arguments at all: the usage, as sops prints it.
            var translated = args.Length == 0 ? new[] { "--help" } : DeployCommands.HelpGoesToHelm(LegacyArguments.Translate(args, CommandNames));
            if (translated.Contains("--version") && translated.All(a => a is "--version" or "--verbose")) return await VersionCommand.WriteAsync(context, CancellationToken.None);
            var root = Build(context, Reachable(translated), directives: HoldsDirective(translated));
            var parse = root.Parse(RepeatedOptions.KeepLast(root, translated));
            if (ParseErrors.Report(parse, context) is { } failed) return failed;
            context.Verbose = parse.GetValue(GlobalFlags.Verbose);
            KeyServiceFlags.Apply(parse, context, context.KeyServices);
            var code = await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
                Error = context.Stderr,
            });
            // The parse-error action shows help only when the root has System.CommandLine's own HelpOption type.
            return code;
        }
        catch (Exception e)
        {
            // The lean build hands a run that needs the full CLI over here (and reports only a failure to do so).
            return ErrorReporter.Report(CliEdition.HandOver(e), context.Stderr, debug, context.HelmSecretsVoice);
        }
    }

    public static string Version => VersionCommand.Current;
}
