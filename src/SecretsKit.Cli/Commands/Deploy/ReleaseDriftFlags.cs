using System.CommandLine;
using SecretsKit.Cli.Context;
using SecretsKit.Deploy.Helm;
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
        string? helmBinary, TextWriter stdout, CancellationToken ct)
    {
        var binary = helmBinary ?? new HelmRunner(context.Environment).Binary;
        HelmBinary.Require(binary, context.Environment, helmBinary is null ? null : "--helm-binary");
        var helm = new HelmClient(context.Processes, binary, file.BaseDirectory);
        var tools = new ReleaseTools(helm, decryption, context.Time, stdout, context.Stderr, context.Processes);
        var ignores = (r.GetValue(Ignore) ?? []).Select(DriftIgnore.Parse).ToList();
        // the pipeline's selection (-l, --include-needs, conditions, needs order), with no stage of its own
        var targets = new ReleasePipeline(file, selection with { Validation = null, Policy = null }, tools).Ordered;
        using var check = new ReleaseDriftCheck(helm, context.Environment, ignores);
        var report = await check.RunAsync(selection.Environment, targets, ct);
        if (r.GetValue(Output) == "json")
        {
            await stdout.FlushAsync(ct);
            await context.Stdout.WriteAsync(report.RenderJson(), ct);
        }
        else
        {
            await stdout.WriteAsync(report.RenderText());
        }
        await stdout.FlushAsync(ct);
        if (report.Failed) return 1;
        return report.HasDrift && selection.DetailedExitCode ? 2 : 0;
    }
}
