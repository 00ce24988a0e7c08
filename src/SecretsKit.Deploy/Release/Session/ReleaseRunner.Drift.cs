using System.Text;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.Drift;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Pipeline;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Session;

public static partial class ReleaseRunner
{
    /// <summary>
    /// <c>release drift</c>: the selected releases' manifests against the live objects (<see cref="ReleaseDriftCheck"/>);
    /// exit 0, 2 on drift with <c>--detailed-exitcode</c>, 1 when a release could not be read.
    /// </summary>
    private static async Task<int> DriftAsync(ReleaseHost host, ReleaseDriftRequest drift, ReleaseFile file, ReleaseRunOptions selection,
        ReleaseDecryption decryption, string? helmBinary, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var helm = new HelmClient(host.Processes, Helm(host, helmBinary), file.BaseDirectory);
        var tools = new ReleaseTools(helm, decryption, host.Time, stdout, stderr, host.Processes);
        var ignores = drift.Ignore.Select(DriftIgnore.Parse).ToList();
        // the pipeline's selection (-l, --include-needs, conditions, needs order), with no stage of its own
        using var pipeline = new ReleasePipeline(file, selection with { Validation = null, Policy = null }, tools);
        var targets = pipeline.Ordered;
        using var clusters = new ClusterConnections(host.Environment, host.Processes, host.Time);
        var report = await new ReleaseDriftCheck(helm, clusters, ignores).RunAsync(selection.Environment, targets, ct);
        // the run's own writer: with -e STAGE each environment's output is kept together
        await stdout.WriteAsync(drift.Json ? Encoding.UTF8.GetString(report.RenderJson()) : report.RenderText());
        await stdout.FlushAsync(ct);
        if (report.Failed) return 1;
        return report.HasDrift && selection.DetailedExitCode ? 2 : 0;
    }
}
