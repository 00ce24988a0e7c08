using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;
using SecretsKit.Cli.Commands;
using SecretsKit.Cli.Infrastructure;

namespace SecretsKit.Cli;

/// <summary>Builds the command tree and runs it, mapping errors to sops exit codes.</summary>
internal static class CliApp
{
    /// <summary>
    /// Every top-level command: its name and how to build it, one line each. Building a command allocates its options and
    /// may create the key-source registry, so a run builds only the commands its arguments name (see <see cref="Reachable"/>).
    /// </summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Commands =
    {
        ("encrypt", EncryptCommand.Create),
        ("decrypt", DecryptCommand.Create),
        ("edit", c => EditCommand.Create(c)),
        ("filestatus", FileStatusCommand.Create),
        ("keygen", KeygenCommand.Create),
        ("enc", HelmSecretsCommands.Enc),
        ("dec", HelmSecretsCommands.Dec),
        ("view", HelmSecretsCommands.View),
        ("clean", HelmSecretsCommands.Clean),
        ("rotate", RotateCommand.Create),
        ("updatekeys", UpdateKeysCommand.Create),
        ("groups", GroupsCommand.Create),
        ("set", ValueCommands.Set),
        ("unset", ValueCommands.Unset),
        ("exec-env", ExecCommands.ExecEnv),
        ("exec-file", ExecCommands.ExecFile),
        ("scan", ScanCommand.Create),
        ("merge", MergeCommand.Create),
        ("helm", HelmCommand.Create),
        ("downloader", DownloaderCommand.Create),
        ("helm-secrets", HelmSecretsPluginCommand.Create),
        ("post-renderer", PostRendererCommand.Create),
        ("release", ReleaseCommands.Create),
        ("validate", ValidateCommand.Create),
        ("dir", HelmSecretsCommands.Dir),
        ("completion", CompletionCommand.Create),
        ("keyservice", KeyserviceCommand.Create),
        ("publish", PublishCommand.Create),
        ("version", VersionCommand.Create),
        ("man", ManCommand.Create),
    };

    /// <summary>The names of every top-level command, without building any.</summary>
    public static IReadOnlySet<string> CommandNames { get; } = Commands.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The root command with every command, or only those in <paramref name="only"/>; with <paramref name="directives"/>,
    /// one that understands <c>[directive]</c> arguments (see <see cref="CliRoot"/>).
    /// </summary>
    public static Command Build(CliContext context, IReadOnlySet<string>? only = null, bool directives = false)
    {
        var root = CliRoot.Create("SecretsKit: SOPS-compatible secrets for Helm and Kubernetes", directives,
            GlobalFlags.Config, GlobalFlags.Indent, GlobalFlags.Verbose, GlobalFlags.DisableVersionCheck, GlobalFlags.CheckForUpdates,
            KeyServiceFlags.KeyService, KeyServiceFlags.EnableLocal);
        foreach (var (name, create) in Commands)
        {
            if (only is null || only.Contains(name)) root.Add(create(context));
        }
        return root;
    }

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
            var translated = args.Length == 0 ? new[] { "--help" } : HelmCommand.HelpGoesToHelm(LegacyArguments.Translate(args, CommandNames));
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
            return ErrorReporter.Report(e, context.Stderr, debug, context.HelmSecretsVoice);
        }
    }

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
