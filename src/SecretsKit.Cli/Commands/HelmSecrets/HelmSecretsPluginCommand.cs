using System.CommandLine;
using SecretsKit.Cli.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Helm;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// <c>secretskit helm-secrets -- [options] &lt;command&gt; …</c>: the command line of helm-secrets 4, run by the
/// <c>secrets</c> Helm plugin (deploy/helm-secrets-plugin). <c>decrypt [-i] [--terraform]</c>, <c>encrypt [-i]</c>,
/// <c>edit</c>, <c>dir</c>, <c>-v</c>, <c>-h</c>, the 3.x verbs <c>enc</c>/<c>dec</c>/<c>view</c>/<c>clean</c>, the getter
/// (<c>downloader</c>, see <see cref="HelmSecretsGetter"/>) and, for any other first word, the helm wrapper
/// (<c>helm secrets upgrade … -f secrets.yaml</c>). Every verb is carried out by the SecretsKit command that already does
/// it, in this process; helm's exit code and stderr pass through unchanged.
/// </summary>
internal static class HelmSecretsPluginCommand
{
    /// <summary>The version in deploy/helm-secrets-plugin's manifests: major 4 tells helmfile to call <c>decrypt</c>.</summary>
    public const string PluginVersion = "4.7.7+secretskit";

    public static Command Create(CliContext context)
    {
        var rest = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore, Description = "helm-secrets options, then a command (after --, so helm's own flags reach it unparsed)" };
        var command = new Command("helm-secrets", "the helm-secrets 4 command line, for the `secrets` Helm plugin (deploy/helm-secrets-plugin)") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((r, ct) => RunInVoiceAsync(context, HelmCommand.RawArguments(r, "helm-secrets"), ct));
        return command;
    }

    /// <summary>Runs as helm-secrets speaks: <c>[helm-secrets] …</c> messages, no secretskit hints, every own error exit 1.</summary>
    private static async Task<int> RunInVoiceAsync(CliContext outer, IReadOnlyList<string> args, CancellationToken ct)
    {
        var context = Overlay(outer, new Dictionary<string, string?>(), voice: true);
        try
        {
            return await RunAsync(context, args, ct);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(e, context.Stderr, context.Environment.Get("SECRETSKIT_DEBUG") is not null, helmSecrets: true);
        }
    }

    private static async Task<int> RunAsync(CliContext context, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (args.Count == 1 && args[0] is "-v" or "--version") return await WriteLineAsync(context, PluginVersion, ct);
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            await WriteLineAsync(context, HelmSecretsPluginHelp.Text, ct);
            return args.Count == 0 ? 1 : 0;
        }
        var options = HelmSecretsPluginOptions.Parse(args, context.Environment);
        if (options.Backend.Kind == HelmSecretsBackendKind.Sops && HelmSecretsBackendArgs.Check(context, options.BackendArgs) is { } bad) return bad;
        var rest = options.Rest;
        if (rest.Count == 0)
        {
            await WriteLineAsync(context, HelmSecretsPluginHelp.Text, ct);
            return 1;
        }
        var verb = rest[0];
        var verbArgs = rest.Skip(1).ToList();
        if (FileVerbUsage(verb) is { } usage && (verbArgs.Count == 0 || verbArgs[0] is "-h" or "--help" or "help"))
        {
            await WriteLineAsync(context, usage + (verbArgs.Count == 0 ? "\nError: secrets file required." : ""), ct);
            return verbArgs.Count == 0 ? 1 : 0;
        }
        await using var keys = await HelmSecretsKeyring.LoadGpgKeysAsync(context, ct);
        var child = keys.Apply(context);
        return verb switch
        {
            "-v" or "--version" => await WriteLineAsync(context, PluginVersion, ct),
            "-h" or "--help" or "help" => await WriteLineAsync(context, HelmSecretsPluginHelp.Text, ct),
            "dir" => await WriteLineAsync(context, PluginDirectory(context), ct),
            "decrypt" or "encrypt" or "edit" => await HelmSecretsFileVerbs.RunAsync(child, options, verb, verbArgs, ct),
            "view" => await HelmSecretsFileVerbs.ViewAsync(child, options, verbArgs, ct),
            "enc" => await HelmSecretsFileVerbs.EncAsync(child, verbArgs, ct),
            "dec" or "clean" => await context.CommandLine.RunAsync([verb, .. verbArgs], child),
            "terraform" => await HelmSecretsFileVerbs.RunAsync(child, options, "decrypt", ["--terraform", .. verbArgs], ct),
            "downloader" => await HelmSecretsGetter.RunAsync(child, options, verbArgs, ct),
            "post-renderer" => await PostRendererCommand.RunAsync(child, ct),
            "patch" => throw new SecretsKitException(ExitCodes.Generic, "`patch` adjusts helm-secrets' shell scripts for Windows; SecretsKit's plugin needs no patch"),
            _ => await WrapAsync(child, options, rest, ct),
        };
    }

    private static string? FileVerbUsage(string verb) => verb switch
    {
        "decrypt" => HelmSecretsPluginHelp.Decrypt,
        "encrypt" => HelmSecretsPluginHelp.Encrypt,
        "edit" => HelmSecretsPluginHelp.Edit,
        _ => null,
    };

    /// <summary><c>helm secrets [options] &lt;helm command&gt; …</c>: the <c>secretskit helm</c> wrapper after helm-secrets' rewrites.</summary>
    private static async Task<int> WrapAsync(CliContext context, HelmSecretsPluginOptions options, IReadOnlyList<string> helmArgs, CancellationToken ct)
    {
        if (helmArgs.Count == 1 || helmArgs[1] is "-h" or "--help" or "help")
        {
            // helm-secrets: `helm secrets <cmd>` alone (or with --help) prints the wrapper usage and succeeds
            await WriteLineAsync(context, HelmSecretsPluginHelp.Wrapper(helmArgs[0]), ct);
            return 0;
        }
        var cwd = context.Environment.CurrentDirectory;
        var rewritten = HelmArgumentRewriter.Rewrite(helmArgs, spec => NormalizeValueSpec(context, spec, options, cwd));
        var overlay = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (context.Environment.Get("HELM_SECRETS_HELM_PATH") is { } helm) overlay["HELM_BIN"] = helm;
        if (HelmSecretsBackendArgs.Order(options) is { } order) overlay["SOPS_DECRYPTION_ORDER"] = order;
        overlay["HELM_SECRETS_DECRYPT_SECRETS_IN_TMP_DIR"] = options.DecryptInTmpDir ? "true" : null;
        var wrapper = new List<string>();
        if (HelmSecretsBackendArgs.Verbose(options)) wrapper.Add("--verbose");
        wrapper.AddRange(["helm", "--"]);
        if (options.Quiet) wrapper.Add("-q");
        wrapper.AddRange(HelmSecretsBackendArgs.WrapperFlags(options));
        wrapper.AddRange(rewritten);
        return await context.CommandLine.RunAsync([.. wrapper], Overlay(context, overlay));
    }

    /// <summary>
    /// One value-file spec of the wrapper: takes a <c>backend!</c> prefix (a noop file is used as it is), checks the
    /// hardening variables on local paths, uses an existing <c>FILE.dec</c> as helm-secrets does (<c>Decrypt skipped</c>),
    /// and marks a missing file optional under <c>--ignore-missing-values</c>. Remote URLs (<c>secrets+age-import://…</c>,
    /// <c>https://…</c>) are left to helm and its getters.
    /// </summary>
    private static string NormalizeValueSpec(CliContext context, string spec, HelmSecretsPluginOptions options, string cwd)
    {
        var parsed = ValueFileSpec.Parse(spec);
        if (RemoteValueFile.IsHttp(parsed.Path) && options.IgnoreMissingValues && !parsed.Optional) return "?" + spec;
        // a URL (secrets://http… included, which keeps its scheme: helm-secrets leaves it to the getter) is fetched later
        if (parsed.Remote || RemoteValueFile.IsHttp(parsed.Path)) return spec;
        var (prefix, path) = HelmSecretsUrl.SplitBackend(parsed.Path);
        if (prefix is not null && !HelmSecretsBackend.IsBackend(prefix, context.Environment)) (prefix, path) = (null, parsed.Path);
        var backend = options.BackendFor(prefix);
        options.CheckValuePath(path, cwd);
        var full = Path.GetFullPath(path, cwd);
        var dec = HelmSecretsCommands.DecPath(context, full);
        if (File.Exists(full) && File.Exists(dec))
        {
            if (!options.Quiet) context.Stderr.WriteLine($"[helm-secrets] Decrypt skipped: {path}");
            return dec;
        }
        if (backend.Kind is not (HelmSecretsBackendKind.Sops or HelmSecretsBackendKind.Noop))
        {
            throw new SecretsKitException(ExitCodes.Generic, $"the {backend.Name} backend decrypts value files for `helm secrets decrypt` and secrets:// URLs; use -f secrets://{path} here");
        }
        var optional = parsed.Optional || (options.IgnoreMissingValues && !File.Exists(full));
        var normalized = (optional ? "?" : "") + path;
        return normalized == spec ? spec : normalized;
    }

    /// <summary>This command's context with some variables changed (null removes one) and, optionally, another working directory.</summary>
    public static CliContext Overlay(CliContext context, IReadOnlyDictionary<string, string?> changes, string? workingDirectory = null, Stream? stdout = null,
        bool? voice = null)
    {
        var variables = new Dictionary<string, string>(context.Environment.Variables, StringComparer.Ordinal);
        foreach (var (k, v) in changes)
        {
            if (v is null) variables.Remove(k);
            else variables[k] = v;
        }
        var env = new MapEnvironment(variables, context.Environment.HomeDirectory, workingDirectory ?? context.Environment.CurrentDirectory);
        return new CliContext(env, context.Processes, context.Time, context.Stdin, stdout ?? context.Stdout, context.Stderr)
        {
            HelmSecretsVoice = voice ?? context.HelmSecretsVoice,
            CommandLine = context.CommandLine,
        };
    }

    private static string PluginDirectory(CliContext context) =>
        context.Environment.Get("HELM_PLUGIN_DIR")
        ?? throw new SecretsKitException(ExitCodes.Generic, "HELM_PLUGIN_DIR is not set: run this as `helm secrets dir`");

    private static async Task<int> WriteLineAsync(CliContext context, string text, CancellationToken ct)
    {
        await context.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text + "\n"), ct);
        await context.Stdout.FlushAsync(ct);
        return 0;
    }
}
