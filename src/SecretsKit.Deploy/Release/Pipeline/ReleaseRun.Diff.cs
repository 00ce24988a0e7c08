using SecretsKit.Deploy.Diff;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Sealing;
using SecretsKit.Deploy.Validation;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>A release's diff stage: the rendering against what helm deployed, as printed and as a diff digest covers it.</summary>
internal sealed partial class ReleaseRun
{
    /// <summary>
    /// Rendered (without hooks) vs deployed (<c>helm get manifest</c>; absent = new), printed unless
    /// <paramref name="print"/> is false; null when helm failed. <see cref="RedactedDiff"/> holds the redacted text as it
    /// would be printed without <c>--show-secrets</c> (what a diff digest covers). Under <c>--secrets-as</c> both sides
    /// show each sealed Secret as its <see cref="SealedStandIn"/>, so the diff and its digest hold no ciphertext.
    /// </summary>
    public async Task<ManifestDiffResult?> DiffAsync(string rendered, CancellationToken ct, bool print = true)
    {
        var progress = Begin("diff");
        var deployed = await DeployedAsync(ct);
        if (!deployed.Ok && !deployed.NotFound)
        {
            progress.End(Check(deployed));
            return null;
        }
        var manifest = deployed.Ok ? deployed.Stdout : null;
        // under --secrets-as a sealed Secret is compared as its stand-in: its keys and sealed digest, not fresh ciphertext
        var withoutHooks = HookDocuments.Remove(rendered);
        var before = Sealed is null ? manifest : SealedStandIn.Of(manifest);
        var after = Sealed is null ? withoutHooks : SealedStandIn.Of(withoutHooks)!;
        var result = ManifestDiff.Compare(before, after,
            new ManifestDiffOptions(context.Options.ShowSecrets, Sensitive, context.Options.ContextLines, target.Namespace));
        var redacted = context.Options.ShowSecrets
            ? ManifestDiff.Compare(before, after, new ManifestDiffOptions(false, Sensitive, context.Options.ContextLines, target.Namespace))
            : result;
        RedactedDiff = DiffText(redacted, deployed.Ok);
        ShownDiff = DiffReport(result, deployed.Ok);
        _shownDeployed = manifest;
        if (print) context.WriteOut(ShownDiff);
        progress.End(true);
        return LastDiff = result;
    }

    /// <summary>
    /// What helm deployed, for the policy stage's rollout checks (SK-ROLLOUT-001), in the verbs that diff against it anyway
    /// (<c>diff</c>, <c>apply</c>, <c>sync</c>, and so <c>promote</c>): asked once, as the diff asks it. Empty when the
    /// release is not installed; null in the verbs that stay offline (<c>lint</c>) or when helm failed (the diff says so).
    /// </summary>
    private async Task<IReadOnlyList<ManifestSource>?> PolicyDeployedAsync(CancellationToken ct)
    {
        if (context.Options.Policy is null || context.Command is not (ReleaseCommand.Diff or ReleaseCommand.Apply or ReleaseCommand.Sync)) return null;
        var deployed = await DeployedAsync(ct);
        return deployed.Ok ? [new ManifestSource($"release {target.Id} (deployed)", deployed.Stdout, target.Namespace)] : deployed.NotFound ? [] : null;
    }

    /// <summary>The result of the last <see cref="DiffAsync"/>, and its text as printed (<see cref="DiffReport"/>).</summary>
    public ManifestDiffResult? LastDiff { get; private set; }

    public string? ShownDiff { get; private set; }

    /// <summary>The redacted diff of the last <see cref="DiffAsync"/>, whole (not suppressed), with its <c>===</c> header line.</summary>
    public string? RedactedDiff { get; private set; }

    private string DiffText(ManifestDiffResult result, bool installed) => result.HasChanges
        ? $"=== {target.Id} ({context.Options.Environment}){(installed ? "" : " not installed yet")}: {result.Added} added, {result.Removed} removed, {result.Changed} changed\n{result.Text}"
          + (result.Text.EndsWith('\n') ? "" : "\n")
        : $"=== {target.Id} ({context.Options.Environment}): no changes\n";
}
