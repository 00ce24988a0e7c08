using SecretsKit.Deploy.Release.HelmCalls;
using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.Redaction;
using SecretsKit.Deploy.Release.State;
using SecretsKit.Deploy.Release.Strategies;

namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>The helm calls of a release's canary (<see cref="CanaryRollout"/>): its canary release at a weight, its test, its uninstall.</summary>
internal sealed partial class ReleaseRun
{
    /// <summary>The strategy's run as the record keeps it (null: the release has none, or it did not run).</summary>
    public RecordedStrategy? StrategyRecord { get; set; }

    /// <summary>The release's <c>canary:</c> strategy in this run's environment, or null.</summary>
    public CanaryStrategy? CanaryStrategy =>
        context.Options.Strategies.FirstOrDefault(s => s.Covers(target.Id, target.Environment.Name))?.Canary;

    /// <summary>The canary release: the same chart, namespace, kube context and settings under the canary's name.</summary>
    public ReleaseTarget CanaryTarget(CanaryStrategy canary) => target with { Spec = target.Spec with { Name = canary.CanaryRelease } };

    /// <summary>
    /// One <c>helm upgrade --install</c> of the canary release with the release's chart and values (secrets decrypted as
    /// for any helm call) and <c>--set weightValue=weight</c> last; <paramref name="cleanup"/>: a call that runs also
    /// after the run was interrupted (the weight 0 of a cleanup).
    /// </summary>
    public async Task<bool> CanaryWeightAsync(CanaryStrategy canary, int weight, bool cleanup, CancellationToken ct)
    {
        var values = await ValuesAsync(cleanup ? CancellationToken.None : ct);
        var helmMajor = (await context.Helm.VersionAsync(cleanup ? CancellationToken.None : ct)).Major;
        var o = context.Options.Overrides;
        var args = HelmCommandLines.Upgrade(CanaryTarget(canary), [.. values, "--set", $"{canary.WeightValue}={weight}"], helmMajor, o.Wait, o.Timeout, null, o.WaitForJobs);
        return await StrategyHelmAsync($"canary weight {weight}", args, cleanup, ct);
    }

    /// <summary><c>helm test</c> of the canary release (an analysis' <c>helmTest</c>).</summary>
    public async Task<bool> CanaryTestAsync(CanaryStrategy canary, CancellationToken ct)
    {
        var output = await context.Helm.RunAsync(HelmCommandLines.Test(CanaryTarget(canary), context.Options.Overrides.Timeout), ct);
        return output.Ok;
    }

    /// <summary>Whether the canary release may be installed: helm does not say it is unknown (<c>helm status</c>, a cleanup call).</summary>
    public async Task<bool> CanaryInstalledAsync(CanaryStrategy canary) =>
        !(await context.Helm.RunAsync(HelmCommandLines.Status(CanaryTarget(canary)), CancellationToken.None, cleanup: true)).NotFound;

    /// <summary>Uninstalls the canary release (a cleanup call); false when helm failed (said on stderr).</summary>
    public Task<bool> UninstallCanaryAsync(CanaryStrategy canary) =>
        StrategyHelmAsync("canary uninstall", HelmCommandLines.Uninstall(CanaryTarget(canary)), cleanup: true, CancellationToken.None);

    /// <summary>
    /// A helm call of the strategy as a stage; a cleanup call runs without the run's token and past an interruption, and
    /// a failure of it is said (redacted) on stderr.
    /// </summary>
    private async Task<bool> StrategyHelmAsync(string stage, IReadOnlyList<string> args, bool cleanup, CancellationToken ct)
    {
        if (!cleanup) return await HelmStageAsync(stage, args, stream: true, ct);
        Stage = stage;
        var output = await context.Helm.RunAsync(args, CancellationToken.None, cleanup: true);
        Ended(stage, output.Ok);
        if (!output.Ok)
        {
            var said = SecretRedactor.Redact((output.Stderr + output.Stdout).TrimEnd(), MessageSensitive);
            context.WriteErr($"secretskit: release {target.Id}: helm {stage} failed (exit {output.ExitCode})\n" + string.Concat(said.Split('\n').Select(l => "  | " + l + "\n")));
        }
        return output.Ok;
    }

    /// <summary>Where an analysis' <c>command</c> runs: the release's base directory (the state file's folder).</summary>
    public string StrategyDirectory => target.Spec.BaseDirectory ?? context.File.BaseDirectory;
}
