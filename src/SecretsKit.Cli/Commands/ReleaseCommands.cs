using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Infrastructure;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Refs;
using SecretsKit.Deploy.Release;

namespace SecretsKit.Cli.Commands;

/// <summary>
/// <c>secretskit release lint|template|diff|apply|test|rollback|status -e ENV [-l sel]… [-f file] [--show-secrets]
/// [--concurrency N]</c>: the release pipeline over <c>secretskit-release.yaml</c> (logic in Deploy/Release).
/// </summary>
internal static class ReleaseCommands
{
    private static readonly (string Name, ReleaseCommand Verb, string Description)[] Verbs =
    [
        ("lint", ReleaseCommand.Lint, "helm lint each release's chart with its decrypted values"),
        ("template", ReleaseCommand.Template, "render each release (secrets redacted unless --show-secrets)"),
        ("diff", ReleaseCommand.Diff, "compare the rendering with the deployed manifests (secrets redacted)"),
        ("apply", ReleaseCommand.Apply, "lint, template, diff, upgrade --install what changed, helm test, roll back on test failure"),
        ("test", ReleaseCommand.Test, "helm test each release"),
        ("rollback", ReleaseCommand.Rollback, "roll each release back to its previous revision"),
        ("status", ReleaseCommand.Status, "summarise helm status of each release"),
    ];

    public static Command Create(CliContext context)
    {
        var command = new Command("release", "run the release pipeline of secretskit-release.yaml for one environment");
        foreach (var (name, verb, description) in Verbs) command.Add(Verb(context, name, verb, description));
        return command;
    }

    private static Command Verb(CliContext context, string name, ReleaseCommand verb, string description)
    {
        var environment = new Option<string>("--environment", "-e") { Description = "environment from the release file", Required = true };
        var selectors = new Option<string[]>("--selector", "-l") { Description = "key=value[,key!=value] (repeat for OR; name, namespace, chart are implicit)", AllowMultipleArgumentsPerToken = false };
        var file = new Option<string>("--file", "-f") { Description = "release file", DefaultValueFactory = _ => ReleaseFileParser.DefaultFileName };
        var showSecrets = new Option<bool>("--show-secrets") { Description = "print secret values in diff/template output (debugging only)" };
        var concurrency = new Option<int>("--concurrency") { Description = "releases without mutual needs run in parallel up to N", DefaultValueFactory = _ => 1 };
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "diff: exit 2 when there are changes" };
        var command = new Command(name, description) { environment, selectors, file, showSecrets, concurrency };
        if (verb == ReleaseCommand.Diff) command.Add(detailed);
        command.SetAction(async (r, ct) =>
        {
            var releaseFile = ReleaseFileParser.Load(context.FullPath(r.GetValue(file)!));
            var options = new ReleaseRunOptions(r.GetValue(environment)!, r.GetValue(selectors) ?? [], r.GetValue(showSecrets),
                r.GetValue(concurrency), verb == ReleaseCommand.Diff && r.GetValue(detailed));
            var decrypt = new DecryptOptions(false, DecryptionOrder.Parse(context.Environment.Get("SOPS_DECRYPTION_ORDER")));
            var refs = RefResolver.FromEnvironment(new KeySourceContext(context.Environment, context.Processes, context.Time), context.Engine, decrypt);
            var helm = new HelmClient(context.Processes, new HelmRunner(context.Environment).Binary, releaseFile.BaseDirectory);
            await using var stdout = new StreamWriter(context.Stdout, new UTF8Encoding(false), leaveOpen: true);
            var pipeline = new ReleasePipeline(releaseFile, options, helm, new ReleaseDecryption(context.Engine, decrypt, refs),
                context.Time, stdout, context.Stderr);
            return await pipeline.RunAsync(verb, ct);
        });
        return command;
    }
}
