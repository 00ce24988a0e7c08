using SecretsKit.Deploy.Policy.Provenance;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.State;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>A release under <c>--secrets-as</c>: placeholders for helm, its Secrets sealed, the agent's readiness in <c>--wait</c>.</summary>
internal sealed partial class ReleaseRun
{
    private HelmOutput? _deployed;
    private SealedRun? _sealed;

    /// <summary>The release under <c>--secrets-as</c> (placeholders for helm, sealed renderings), or null.</summary>
    public SealedRun? Sealed => _sealed ??= context.Options.Sealing is { } s ? new SealedRun(target, context, s) : null;

    /// <summary>The release's values with their sources (decrypted ones included), for <c>audit-plaintext</c>.</summary>
    public async Task<ValueProvenance> ValueSourcesAsync(CancellationToken ct)
    {
        await ValuesAsync(ct);
        return PolicyValues();
    }

    /// <summary>
    /// Under <c>--secrets-as</c>, the rendering with its Secrets sealed (<see cref="SealedRun.SealRenderingAsync"/>); otherwise
    /// as it is. <c>lint</c> stays offline: it seals with the recipients alone and asks no cluster what is deployed.
    /// </summary>
    private async Task<string> SealedAsync(string rendered, CancellationToken ct) => Sealed is not { } sealing ? rendered
        : await sealing.SealRenderingAsync(rendered, async () => context.Command != ReleaseCommand.Lint && await DeployedAsync(ct) is { Ok: true } d ? d.Stdout : null, ct);

    /// <summary><c>helm get manifest</c> of the release, asked once per run (before the upgrade).</summary>
    private async Task<HelmOutput> DeployedAsync(CancellationToken ct) => _deployed ??= await context.Helm.RunAsync(HelmCommandLines.GetManifest(target), ct);

    /// <summary>
    /// <c>helm upgrade</c> as the upgrade stage; under <c>--secrets-as</c> through the sealing post-renderer, then (with
    /// <c>--wait</c>) the wait for the agent to decrypt the release's SopsSecrets.
    /// </summary>
    private async Task<bool> SealedUpgradeAsync(IReadOnlyList<string> upgrade, int helmMajor, CancellationToken ct)
    {
        if (Sealed is not { } sealing) return await HelmStageAsync("upgrade", upgrade, stream: true, ct);
        var (postRenderer, environment) = await sealing.PostRendererAsync(helmMajor, async () => await DeployedAsync(ct) is { Ok: true } d ? d.Stdout : null, ct);
        return await HelmStageAsync("upgrade", [.. upgrade, .. postRenderer], stream: true, ct, environment)
            && (!(context.Options.Overrides.Wait || target.Settings.Wait) || await SealedReadyAsync(sealing, ct));
    }

    /// <summary>The wait for the agent to decrypt the release's SopsSecrets (part of <c>--wait</c>); false, said on stderr, when it did not.</summary>
    private async Task<bool> SealedReadyAsync(SealedRun sealing, CancellationToken ct)
    {
        var progress = Begin("sopssecrets");
        var failed = await sealing.ReadyAsync(ct);
        if (failed is not null) context.WriteErr($"secretskit: release {target.Id}: the agent did not decrypt its SopsSecrets:\n" + string.Concat(failed.Split('\n').Select(l => "  | " + l + "\n")));
        return progress.End(failed is null);
    }
}
