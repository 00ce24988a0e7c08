using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Deploy.Diff;
using SecretsKit.Deploy.Release.Clusters;
using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Hooks;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Release.Strategies;
using SecretsKit.Kubernetes;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>
/// The calls of a release's blue-green (<see cref="BlueGreenRollout"/>) and the strategies' shared helm calls: a release of
/// this chart under another name (a color, the router, the canary) upgraded, tested, uninstalled; the switch read and set
/// (the router release's value, or the Service's selector label through the run's Kubernetes client).
/// </summary>
internal sealed partial class ReleaseRun
{
    /// <summary>The release's <c>blueGreen:</c> strategy in this run's environment, or null.</summary>
    public BlueGreenStrategy? BlueGreenStrategy =>
        context.Options.Strategies.FirstOrDefault(s => s.Covers(target.Id, target.Environment.Name))?.BlueGreen;

    /// <summary>This release's chart, namespace, kube context and settings under the helm release name <paramref name="release"/>.</summary>
    private ReleaseTarget Named(string release) => target with { Spec = target.Spec with { Name = release } };

    /// <summary>
    /// One <c>helm upgrade --install</c> of <paramref name="release"/> with this release's chart and values (secrets
    /// decrypted as for any helm call) and <paramref name="sets"/> last; <paramref name="cleanup"/>: a call that runs also
    /// after the run was interrupted.
    /// </summary>
    public async Task<bool> StrategyUpgradeAsync(string release, string stage, IReadOnlyList<string> sets, bool cleanup, CancellationToken ct)
    {
        var token = cleanup ? CancellationToken.None : ct;
        var values = await ValuesAsync(token);
        var helmMajor = (await context.Helm.VersionAsync(token)).Major;
        var o = context.Options.Overrides;
        var args = HelmCommandLines.Upgrade(Named(release), [.. values, .. sets], helmMajor, o.Wait, o.Timeout, null, o.WaitForJobs);
        return await StrategyHelmAsync(stage, args, cleanup, ct);
    }

    /// <summary>
    /// Whether the color <paramref name="color"/> already runs this chart and these values: what helm deployed of it
    /// (<c>helm get manifest</c>) and the chart rendered under its name (hooks left out) hold the same objects, compared as
    /// the diff stage compares a plain release. A helm failure counts as a change (the deploy then says what failed).
    /// </summary>
    public async Task<bool> StrategyUnchangedAsync(string color, CancellationToken ct)
    {
        var deployed = await context.Helm.RunAsync(HelmCommandLines.GetManifest(Named(color)), ct);
        if (!deployed.Ok) return false;
        var rendered = await TemplateAsAsync(color, await ValuesAsync(ct), ct);
        if (!rendered.Ok) return false;
        var options = new ManifestDiffOptions(false, Sensitive, 0, target.Namespace);
        return !ManifestDiff.Compare(deployed.Stdout, HookDocuments.Remove(rendered.Stdout), options).HasChanges;
    }

    /// <summary><c>helm test</c> of <paramref name="release"/> (an analysis' <c>helmTest</c>).</summary>
    public async Task<bool> StrategyTestAsync(string release, CancellationToken ct) =>
        (await context.Helm.RunAsync(HelmCommandLines.Test(Named(release), context.Options.Overrides.Timeout), ct)).Ok;

    /// <summary>Whether <paramref name="release"/> may be installed: helm does not say it is unknown (<c>helm status</c>, a cleanup call).</summary>
    public async Task<bool> StrategyInstalledAsync(string release) =>
        !(await context.Helm.RunAsync(HelmCommandLines.Status(Named(release)), CancellationToken.None, cleanup: true)).NotFound;

    /// <summary>Uninstalls <paramref name="release"/> (a cleanup call); false when helm failed (said on stderr).</summary>
    public Task<bool> StrategyUninstallAsync(string release, string stage) =>
        StrategyHelmAsync(stage, HelmCommandLines.Uninstall(Named(release)), cleanup: true, CancellationToken.None);

    /// <summary>
    /// What the switch shows now: the router release's value (<c>helm get values --all</c>; null when the router is not
    /// installed) or the Service's selector label (the Service must exist). Throws <see cref="SecretsKitException"/> when it cannot be read.
    /// </summary>
    public async Task<string?> ActiveColorAsync(BlueGreenSwitch selector, ClusterConnections? clusters, CancellationToken ct)
    {
        if (selector.ByRelease)
        {
            var output = await context.Helm.RunAsync(HelmCommandLines.GetStored(Named(selector.Release!), "values"), ct);
            if (output.NotFound) return null;
            return output.Ok ? BlueGreenActive.FromValues(output.Stdout, selector.Value!)
                : throw new SecretsKitException(ExitCodes.Generic, $"helm get values {selector.Release} failed (exit {output.ExitCode}): "
                    + Echo.Bounded(Redaction.SecretRedactor.Redact(output.Stderr.Trim(), MessageSensitive), 300));
        }
        var (ns, name) = ServiceOf(selector);
        var service = await Kube(clusters).TryGetAsync(ResourceTypes.Service, ns, name, ct)
            ?? throw new SecretsKitException(ExitCodes.Generic, $"the switch's Service {selector.Service} does not exist",
                "create the Service that sends the traffic (its selector label names the active color) before the first run");
        return BlueGreenActive.FromService(service, selector.SelectorLabel!);
    }

    /// <summary>
    /// The switch to <paramref name="color"/>: one upgrade of the router release with its value set, or one JSON merge PATCH
    /// of the Service's selector label (null: the label removed). <paramref name="cleanup"/>: a switch back, which runs past an interruption.
    /// </summary>
    public async Task<bool> SwitchAsync(BlueGreenSwitch selector, string? color, ClusterConnections? clusters, bool cleanup, CancellationToken ct)
    {
        var stage = $"switch to {(color is null ? "no color" : Redaction.SecretRedactor.Redact(color, MessageSensitive))}";
        if (selector.ByRelease)
        {
            var escaped = (color ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
            return await StrategyUpgradeAsync(selector.Release!, stage, ["--set-string", $"{selector.Value}={escaped}"], cleanup, ct);
        }
        if (!cleanup) Enter(stage);
        Stage = stage;
        var (ns, name) = ServiceOf(selector);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["selector"] = new JsonObject { [selector.SelectorLabel!] = color is null ? null : JsonValue.Create(color) } } };
        try
        {
            await Kube(clusters).PatchAsync(ResourceTypes.Service, ns, name, patch, PatchType.Merge, cleanup ? CancellationToken.None : ct);
            Ended(stage, true);
            return true;
        }
        catch (Exception e) when (e is SecretsKitException or HttpRequestException)
        {
            Ended(stage, false);
            context.WriteErr($"secretskit: release {target.Id}: PATCH of Service {selector.Service} failed: {Echo.Bounded(e.Message, 300)}\n");
            return false;
        }
    }

    private static (string Namespace, string Name) ServiceOf(BlueGreenSwitch selector) =>
        selector.Service!.Split('/') is [var ns, var name] ? (ns, name) : throw new InvalidOperationException("switch.service is namespace/name");

    /// <summary>The run's Kubernetes client for this release's kube context (helm's kubeconfig).</summary>
    private KubernetesClient Kube(ClusterConnections? clusters)
    {
        var connections = clusters ?? throw new InvalidOperationException("a Service switch needs the run's cluster connections");
        return connections.Client(connections.ContextName(target.KubeContext));
    }
}
