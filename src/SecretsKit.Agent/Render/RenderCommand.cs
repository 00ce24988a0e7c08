using SecretsKit.Agent.Hosting;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.Render;

/// <summary>
/// <c>secretskit-agent render -f FILE|DIR|- [-f …] [--reveal]</c>: the agent's one pass over manifests instead of a
/// cluster (see <see cref="LocalRender"/>). <c>-f</c> / <c>--filename</c> as kubectl spells it, repeatable.
/// </summary>
internal sealed record RenderCommand(IReadOnlyList<string> Files, bool Reveal, bool HelpRequested)
{
    public const string Usage = """
        Usage: secretskit-agent render -f FILE [-f FILE...] [--reveal]

        Reads SecretStore, ClusterSecretStore, ExternalSecret and ClusterExternalSecret manifests (and the Secrets,
        ConfigMaps, ServiceAccounts, Namespaces and generators they name) from files, runs the agent's reconcile pass
        over them without a cluster (stores are resolved and checked, values fetched from the providers, templates
        rendered, Secrets built), and prints the Secrets it would write as YAML. Nothing is written anywhere; PushSecrets
        are skipped. Stores that log in as a ServiceAccount (serviceAccountRef, IRSA, workload identity) need a token
        only a cluster can mint: try those with --once against a cluster.

          -f, --filename FILE            a manifest file, a directory of *.yaml/*.yml/*.json, or - for stdin
          --reveal                       print the values (base64, as in a Secret); default: redacted
          -h, --help                     print this help and exit

        Exit status: 0 when every ExternalSecret rendered, 1 otherwise.

        """;

    /// <summary>
    /// The whole verb (<c>secretskit-agent render …</c>, handed its arguments after <c>render</c>): <c>--help</c> prints
    /// <see cref="Usage"/> and exits 0; a usage or other agent error is one line on <paramref name="error"/> and exit 1.
    /// </summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextReader stdin, TextWriter output, TextWriter error)
    {
        try
        {
            var command = Parse(args);
            if (!command.HelpRequested) return await LocalRender.RunAsync(command, stdin, output, error, CancellationToken.None);
            await output.WriteAsync(Usage);
            return 0;
        }
        catch (SecretsKitException e)
        {
            await error.WriteLineAsync(AgentStartup.Describe(e));
            return 1;
        }
    }

    public static RenderCommand Parse(IReadOnlyList<string> args)
    {
        var files = new List<string>();
        bool reveal = false, help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            var flag = arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? arg[..eq] : arg;
            switch (flag)
            {
                case "-h" or "--help": help = true; break;
                case "--reveal" when eq < 0: reveal = true; break;
                case "-f" or "--filename":
                    var value = flag != arg ? arg[(eq + 1)..] : i + 1 < args.Count ? args[++i] : throw new AgentUsageException($"flag '{flag}' needs a file");
                    files.Add(value.Length > 0 ? value : throw new AgentUsageException($"flag '{flag}' needs a file"));
                    break;
                default:
                    throw new AgentUsageException(arg.StartsWith('-') ? $"unknown flag '{flag}' for render" : $"unexpected argument '{arg}' (give manifests with -f FILE)");
            }
        }
        if (files.Count == 0 && !help) throw new AgentUsageException("render needs manifests: -f FILE (a file, a directory or - for stdin)");
        return new RenderCommand(files, reveal, help);
    }
}
