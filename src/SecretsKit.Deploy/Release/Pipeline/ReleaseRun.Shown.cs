using SecretsKit.Deploy.Diff;
using SecretsKit.Deploy.Release.HelmCalls;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// What a run has shown of a release and what its messages redact: the diff report (whole, or its header line alone with
/// <c>--suppress-diff</c>, or for a new release with <c>--skip-diff-on-install</c>), the deployed manifest it was
/// compared with (so an upgrade asked for with <c>--interactive</c> goes ahead only while the cluster still holds it), and
/// the strings redacted in messages: the secrets plus every <c>--set</c> value of the command line.
/// </summary>
internal sealed partial class ReleaseRun
{
    private string? _shownDeployed;

    /// <summary>
    /// What helm's messages (a failing call's output, the lines of a long stage) are redacted with: <see cref="Sensitive"/>
    /// and every value given with <c>--set</c>, which reach helm's command line and may come back in what helm says.
    /// </summary>
    public IReadOnlyCollection<string> MessageSensitive =>
        context.Options.Overrides.Set.Count == 0 ? Sensitive : [.. Sensitive, .. CommandLineSets.Values(context.Options.Overrides.Set)];

    /// <summary>The diff's report for stdout: the header, then the diff unless suppressed.</summary>
    private string DiffReport(ManifestDiffResult result, bool installed)
    {
        var env = context.Options.Environment;
        if (!result.HasChanges) return $"=== {target.Id} ({env}): no changes\n";
        var header = $"=== {target.Id} ({env}){(installed ? "" : " not installed yet")}: {result.Added} added, {result.Removed} removed, {result.Changed} changed";
        var overrides = context.Options.Overrides;
        if (overrides.SuppressDiff) return header + " (diff suppressed)\n";
        if (!installed && overrides.SkipDiffOnInstall) return header + " (diff skipped on install)\n";
        return header + "\n" + result.Text + (result.Text.EndsWith('\n') ? "" : "\n");
    }

    /// <summary>
    /// Whether the cluster still holds the manifest the shown diff was made against (none when the release was new);
    /// false, said on stderr, when it changed since or cannot be read.
    /// </summary>
    public async Task<bool> DeployedAsShownAsync(CancellationToken ct)
    {
        var deployed = await context.Helm.RunAsync(HelmCommandLines.GetManifest(target), ct);
        var now = deployed.Ok ? deployed.Stdout : deployed.NotFound ? null : "";
        if (now == _shownDeployed) return true;
        context.WriteErr($"secretskit: release {target.Id}: the release changed in the cluster after its diff was shown; not applied (run again to see the new diff)\n");
        return false;
    }
}
