using SecretsKit.Deploy.Policy;
using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>A release's policy stage: the rendering, the values it was rendered with and, where the verb reads it, what helm deployed.</summary>
internal sealed partial class ReleaseRun
{
    /// <summary>
    /// The policy stage: Trivy's misconfiguration checks and the cluster's admission policies over the rendering
    /// (<see cref="PolicyScanner"/>); findings of the chosen severities go to stderr (never a value) and fail the release,
    /// except an admission policy's Warn and Audit, which are shown only; those below them, one warning line with their
    /// count and IDs. Documents it cannot read are validate's to report. The rendering is judged alone first: a release it
    /// fails never reaches the cluster; one it passes is judged again with what helm deployed (<see cref="PolicyDeployedAsync"/>)
    /// for the rollout checks, in the verbs that diff against it anyway. A release a strategy lists is also rendered under its
    /// canary's or colors' names (<see cref="StrategyRenderingsAsync"/>, in every verb) for SK-ROLLOUT-002 and -003.
    /// </summary>
    public async Task<bool> CheckPolicyAsync(string rendered, CancellationToken ct)
    {
        if (context.Options.Policy is not { } options) return true;
        var progress = Begin("policy");
        var (strategyRendered, strategy) = await StrategyRenderingsAsync(ct);
        if (!strategyRendered) return progress.End(false);
        var scan = options with
        {
            KubernetesVersion = options.KubernetesVersion ?? target.Spec.KubeVersion ?? context.File.KubeVersion, Values = PolicyValues(), Strategy = strategy,
        };
        var report = Scan(scan, rendered, ct);
        if (report.Ok && await PolicyDeployedAsync(ct) is { } deployed) report = Scan(scan with { Deployed = deployed }, rendered, ct);
        var below = report.BelowText("--policy-severity", options.Severities) is { } text ? $"secretskit: warning: release {target.Id}: policy: {text}\n" : "";
        var lines = (report.Ok ? "" : $"secretskit: release {target.Id}: policy failed\n") + string.Concat(report.Findings.Select(f => "  | " + f + "\n")) + below;
        if (lines.Length > 0) context.WriteErr(lines);
        return progress.End(report.Ok);
    }

    private PolicyReport Scan(PolicyOptions options, string rendered, CancellationToken ct) =>
        new PolicyScanner(options).Scan([new ManifestSource($"release {target.Id}", rendered, target.Namespace)], ct, _notes is null ? null : [_notes]);

    /// <summary>The values the release was rendered with, for the plain-text checks: the state's and the release's (once per run).</summary>
    private ValueProvenance PolicyValues()
    {
        if (_policyValues is { } known) return known;
        var values = new ValueProvenance();
        values.Include(context.File.StateProvenance);
        if (_inputs is not null) values.Include(_inputs.Provenance);
        return _policyValues = values;
    }
}
