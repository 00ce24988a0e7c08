using System.CommandLine;
using System.CommandLine.Parsing;
using SecretsKit.Cli.Context;
using SecretsKit.Cli.IO;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// <c>secretskit helm [-q] [--dec-next-to-source] &lt;helm args…&gt;</c>: decrypts SOPS value files into a private temp
/// dir, runs helm with the rewritten arguments, passes its exit code through and removes the plaintext on every path.
/// <c>ref+…</c> values in value files and in <c>--set</c>/<c>--set-string</c> items are resolved; resolved --set values
/// reach helm through a private values file, never its command line (see <see cref="SetRefRewriter"/> for precedence).
/// </summary>
internal static class HelmCommand
{
    private const string Usage = "usage: secretskit helm [-q|--quiet] [--dec-next-to-source] [--ignore-mac] <helm command> [helm args…]";

    public static Command Create(CliContext context)
    {
        var rest = new Argument<string[]>("helm-args") { Arity = ArgumentArity.ZeroOrMore, Description = "the helm command line; -f/--values/--set-file files are decrypted" };
        var command = new Command("helm", "run helm with SOPS-encrypted value files decrypted for the duration of the call (helm-secrets wrapper)") { rest };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((r, ct) => OwnErrorsExit1(() => RunAsync(context, RawArguments(r, "helm"), ct)));
        return command;
    }

    /// <summary>
    /// <c>secretskit helm … --help</c> as the wrapper's plugins run it (<c>secretskit helm -- …</c>): the arguments go to the
    /// wrapper unparsed, so <c>secretskit helm template --help</c> shows helm's own help and <c>secretskit helm --help</c>
    /// the wrapper's usage, never the parser's generic help of the <c>helm</c> command.
    /// </summary>
    internal static string[] HelpGoesToHelm(string[] args) =>
        args is ["helm", .. var rest] && !rest.Contains("--") && rest.Any(a => a is "--help" or "-h" or "-?") ? ["helm", "--", .. rest] : args;

    /// <summary>
    /// The exit-code contract of the helm wrapper, its plugins and getters (helm-secrets' own): helm's exit code passes
    /// through unchanged, and every error of SecretsKit's own (a missing key, a MAC mismatch, a missing file) exits 1.
    /// </summary>
    internal static async Task<int> OwnErrorsExit1(Func<Task<int>> run)
    {
        try
        {
            return await run();
        }
        catch (SecretsKitException e) when (e.ExitCode != ExitCodes.Generic)
        {
            throw new SecretsKitException(ExitCodes.Generic, e.Message, e.Hint, e);
        }
    }

    private static async Task<int> RunAsync(CliContext context, List<string> args, CancellationToken ct)
    {
        var quiet = context.Environment.Get("ARGOCD_APP_NAME") is not null || IsTrue(context.Environment.Get("HELM_SECRETS_QUIET"));
        var nextToSource = IsTrue(context.Environment.Get("SECRETSKIT_DEC_NEXT_TO_SOURCE"));
        var ignoreMac = false;
        var i = 0;
        for (; i < args.Count; i++)
        {
            if (args[i] is "-q" or "--quiet") quiet = true;
            else if (args[i] == "--dec-next-to-source") nextToSource = true;
            else if (args[i] == "--ignore-mac") ignoreMac = true;
            else break;
        }
        var helmArgs = args.Skip(i).ToList();
        if (helmArgs is [] or ["-h" or "--help" or "-?" or "help"])
        {
            // `helm secretskit --help` reaches the plugin: its usage, not helm's root help
            var text = Usage + "\n  runs `helm <helm command> [helm args…]` with SOPS-encrypted -f/--values/--set-file files decrypted into a private temp dir for the call\n";
            if (helmArgs.Count == 0) context.Stderr.Write(text);
            else await context.Stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text), ct);
            return helmArgs.Count == 0 ? 1 : 0;
        }
        var voice = context.HelmSecretsVoice ? "[helm-secrets]" : "[secretskit]";
        Action<string>? log = quiet ? null : m => context.Stderr.WriteLine($"{voice} {m}");
        var options = new DecryptOptions(ignoreMac, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
        var refs = RefResolver.FromEnvironment(new KeySourceContext(context.Environment, context.Processes, context.Time), context.Engine, options);
        var settings = new DecryptorSettings(nextToSource, DecryptedCopies.Suffix(context), log, refs,
            TempParent: HelmSecretsCommands.DecDirectory(context), Remote: context.Environment, HelmSecretsLayout: context.HelmSecretsVoice,
            Trace: context.Verbose ? m => context.Step("SOPS", m) : null,
            FlatNames: context.HelmSecretsVoice && IsTrue(context.Environment.Get("HELM_SECRETS_DECRYPT_SECRETS_IN_TMP_DIR")),
            Warn: context.Warn);
        var decryptor = new SecretValuesDecryptor(context.Engine, options, context.Environment.CurrentDirectory);
        using var files = await decryptor.DecryptAsync(HelmArgumentRewriter.ValueFiles(helmArgs), settings, ct);
        var rewritten = HelmArgumentRewriter.Rewrite(helmArgs, files.Map);
        using var setRefs = await SetRefRewriter.RewriteAsync(rewritten, refs, ct);
        if (setRefs.MovedCount > 0) log?.Invoke($"Refs: {setRefs.MovedCount} ref-valued --set item(s) passed to helm in a private values file");
        return await new HelmRunner(context.Environment).RunAsync(setRefs.Arguments, ct);
    }

    /// <summary>
    /// The tokens after the command <paramref name="name"/> exactly as given (System.CommandLine must not reinterpret
    /// helm's flags); a <c>--</c> right after the command name, which keeps the parser's help option off them, is dropped.
    /// </summary>
    internal static List<string> RawArguments(ParseResult result, string name)
    {
        var tokens = result.Tokens;
        var start = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Command && tokens[i].Value == name)
            {
                start = i + 1;
                break;
            }
        }
        if (start < tokens.Count && tokens[start].Type == TokenType.DoubleDash) start++;
        return tokens.Skip(start).Select(t => t.Value).ToList();
    }

    private static bool IsTrue(string? value) => value is "1" or "true" or "TRUE" or "True" or "yes";
}
