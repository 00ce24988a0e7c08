using System.CommandLine;
using System.Text;
using SecretsKit.Cli.Context;
using SecretsKit.Deploy.Helm;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.Drift;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Cli.Commands.Deploy;

/// <summary>
/// <c>release drift</c>'s own flags (<c>--ignore KIND[/NAME]:POINTER</c>, <c>-o text|json</c>) and its run: the selected
/// releases' manifests against the live objects (<see cref="ReleaseDriftCheck"/>); exit 0, 2 on drift with
/// <c>--detailed-exitcode</c>, 1 when a release could not be read.
/// </summary>
internal sealed record ReleaseDriftFlags(Option<string[]> Ignore, Option<string> Output)
{
    public static ReleaseDriftFlags AddTo(Command command)
    {
        var flags = new ReleaseDriftFlags(
            new("--ignore") { Description = "a field drift does not compare: KIND[/NAME]:/json/pointer, e.g. 'Deployment:/spec/replicas' (repeatable)" },
            new("--output", "-o") { Description = "text (one line per drifted field) or json", DefaultValueFactory = _ => "text" });
        flags.Output.AcceptOnlyFromAmong("text", "json");
        command.Add(flags.Ignore);
        command.Add(flags.Output);
        return flags;
    }

    /// <summary><paramref name="helmBinary"/> is <c>-b/--helm-binary</c>'s, as for the other verbs.</summary>
    public async Task<int> RunAsync(CliContext context, ParseResult r, ReleaseFile file, ReleaseRunOptions selection, ReleaseDecryption decryption,
        string? helmBinary, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var binary = helmBinary ?? new HelmRunner(context.Environment).Binary;
        HelmBinary.Require(binary, context.Environment, helmBinary is null ? null : "--helm-binary");
        var helm = new HelmClient(context.Processes, binary, file.BaseDirectory);
        var tools = new ReleaseTools(helm, decryption, context.Time, stdout, stderr, context.Processes);
        var ignores = (r.GetValue(Ignore) ?? []).Select(DriftIgnore.Parse).ToList();
        // the pipeline's selection (-l, --include-needs, conditions, needs order), with no stage of its own
        using var pipeline = new ReleasePipeline(file, selection with { Validation = null, Policy = null }, tools);
        var targets = pipeline.Ordered;
        using var clusters = new ClusterConnections(context.Environment, context.Processes, context.Time);
        var report = await new ReleaseDriftCheck(helm, clusters, ignores).RunAsync(selection.Environment, targets, ct);
        // the run's own writer: with -e STAGE each environment's output is kept together
        await stdout.WriteAsync(r.GetValue(Output) == "json" ? Encoding.UTF8.GetString(report.RenderJson()) : report.RenderText());
        await stdout.FlushAsync(ct);
        if (report.Failed) return 1;
        return report.HasDrift && selection.DetailedExitCode ? 2 : 0;
    }
}
