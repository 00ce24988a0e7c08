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
#if SECRETSKIT_LEAN
    /// <summary>
    /// The commands the lean native CLI (src/SecretsKit.Cli.Lean) is built without (each <c>#if !SECRETSKIT_LEAN</c> entry of
    /// <see cref="Commands"/>): the deploy verbs, and those that list every command (completion, man). A run that names one is
    /// handed to the full CLI before anything is parsed. LeanNativeCliTests runs every command through the lean CLI.
    /// </summary>
    private static readonly string[] FullOnly =
        ["enc", "dec", "view", "clean", "helm", "downloader", "helm-secrets", "post-renderer", "release", "validate", "dir", "completion", "publish", "man"];
#endif

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
#if !SECRETSKIT_LEAN
        ("enc", HelmSecretsCommands.Enc),
        ("dec", HelmSecretsCommands.Dec),
        ("view", HelmSecretsCommands.View),
        ("clean", HelmSecretsCommands.Clean),
#endif
        ("rotate", RotateCommand.Create),
        ("updatekeys", UpdateKeysCommand.Create),
        ("groups", GroupsCommand.Create),
        ("set", ValueCommands.Set),
        ("unset", ValueCommands.Unset),
        ("exec-env", ExecCommands.ExecEnv),
        ("exec-file", ExecCommands.ExecFile),
        ("scan", ScanCommand.Create),
        ("merge", MergeCommand.Create),
#if !SECRETSKIT_LEAN
        ("helm", HelmCommand.Create),
        ("downloader", DownloaderCommand.Create),
        ("helm-secrets", HelmSecretsPluginCommand.Create),
        ("post-renderer", PostRendererCommand.Create),
        ("release", ReleaseCommands.Create),
        ("validate", ValidateCommand.Create),
        ("dir", HelmSecretsCommands.Dir),
        ("completion", CompletionCommand.Create),
#endif
        ("keyservice", KeyserviceCommand.Create),
#if !SECRETSKIT_LEAN
        ("publish", PublishCommand.Create),
#endif
        ("version", VersionCommand.Create),
#if !SECRETSKIT_LEAN
        ("man", ManCommand.Create),
#endif
    };

    /// <summary>The names of every top-level command, without building any.</summary>
    public static IReadOnlySet<string> CommandNames { get; } = Commands.Select(c => c.Name)
#if SECRETSKIT_LEAN
        .Concat(FullOnly)
#endif
        .ToHashSet(StringComparer.Ordinal);

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
#if SECRETSKIT_LEAN
            // (helm's help rewriting is the full CLI's: a run naming helm goes there)
            var translated = args.Length == 0 ? new[] { "--help" } : LegacyArguments.Translate(args, CommandNames);
#else
            var translated = args.Length == 0 ? new[] { "--help" } : HelmCommand.HelpGoesToHelm(LegacyArguments.Translate(args, CommandNames));
#endif
            if (translated.Contains("--version") && translated.All(a => a is "--version" or "--verbose")) return await VersionCommand.WriteAsync(context, CancellationToken.None);
#if SECRETSKIT_LEAN
            // root help, typo suggestions, directives and response files list or reach every command: the full CLI's
            if (Reachable(translated) is not { } reachable || reachable.Any(FullOnly.Contains)) throw new FullBinaryRequired("this command");
            var root = Build(context, reachable, directives: false);
#else
            var root = Build(context, Reachable(translated), directives: HoldsDirective(translated));
#endif
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
#if SECRETSKIT_LEAN
        catch (FullBinaryRequired required)
        {
            try
            {
                FullBinary.Exec(required, context.Stdin as RecordedStdin);
                return Core.Errors.ExitCodes.Generic; // not reached: Exec returns only by throwing
            }
            catch (Core.Errors.SecretsKitException e)
            {
                return ErrorReporter.Report(e, context.Stderr, debug, context.HelmSecretsVoice);
            }
        }
#endif
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context.Stderr, debug, context.HelmSecretsVoice);
        }
    }

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
