using SecretsKit.Cli.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Core.Operations;

namespace SecretsKit.Cli.Commands.HelmSecrets;

/// <summary>
/// helm-secrets' backend args (<c>-a</c>, <c>--backend-args</c>, <c>HELM_SECRETS_BACKEND_ARGS</c>) for the sops backend:
/// sops flags, checked by SecretsKit's own sops command line (an unknown flag gets sops's error, exit 1) and mapped onto
/// the core: the file verbs put them in front of the sops command they run, as helm-secrets does; the wrapper and the
/// getter take <c>--verbose</c> (sops's log lines), <c>--ignore-mac</c> and <c>--decryption-order</c>.
/// </summary>
internal static class HelmSecretsBackendArgs
{
    /// <summary>Null when every arg is a flag of <c>sops decrypt</c>; else the exit code after sops's error was printed.</summary>
    public static int? Check(CliContext context, IReadOnlyList<string> args)
    {
        if (args.Count == 0) return null;
        var root = context.CommandLine.Build(context, new HashSet<string>(StringComparer.Ordinal) { "decrypt" });
        return ParseErrors.Report(root.Parse(["decrypt", .. args, "file"]), context);
    }

    public static bool Verbose(HelmSecretsPluginOptions options) => options.BackendArgs.Contains("--verbose");

    /// <summary>The decrypt options: <c>--ignore-mac</c>, and <c>--decryption-order</c> (else <c>SOPS_DECRYPTION_ORDER</c>).</summary>
    public static DecryptOptions DecryptOptions(CliContext context, HelmSecretsPluginOptions options) =>
        new(options.BackendArgs.Contains("--ignore-mac"), DecryptionOrder.Parse(Order(options) ?? context.Environment.Get("SOPS_DECRYPTION_ORDER")));

    /// <summary>The flags that reach <c>secretskit helm</c> (see <see cref="HelmCommand"/>): the rest concern file types it finds itself.</summary>
    public static IEnumerable<string> WrapperFlags(HelmSecretsPluginOptions options)
    {
        if (options.BackendArgs.Contains("--ignore-mac")) yield return "--ignore-mac";
    }

    /// <summary>The value of a <c>--decryption-order X</c> / <c>--decryption-order=X</c> backend arg.</summary>
    public static string? Order(HelmSecretsPluginOptions options)
    {
        var args = options.BackendArgs;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--decryption-order" && i + 1 < args.Count) return args[i + 1];
            if (args[i].StartsWith("--decryption-order=", StringComparison.Ordinal)) return args[i]["--decryption-order=".Length..];
        }
        return null;
    }
}
