using SecretsKit.Deploy.Release.Records;
using SecretsKit.Deploy.Release.Redaction;
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

    /// <summary>
    /// One <c>helm upgrade --install</c> of the canary release with the release's chart and values (secrets decrypted as
    /// for any helm call) and <c>--set weightValue=weight</c> last; <paramref name="cleanup"/>: a call that runs also
    /// after the run was interrupted (the weight 0 of a cleanup).
    /// </summary>
    public Task<bool> CanaryWeightAsync(CanaryStrategy canary, int weight, bool cleanup, CancellationToken ct) =>
        StrategyUpgradeAsync(canary.CanaryRelease, $"canary weight {weight}", ["--set", $"{canary.WeightValue}={weight}"], cleanup, ct);

    /// <summary><c>helm test</c> of the canary release (an analysis' <c>helmTest</c>).</summary>
    public Task<bool> CanaryTestAsync(CanaryStrategy canary, CancellationToken ct) => StrategyTestAsync(canary.CanaryRelease, ct);

    /// <summary>Whether the canary release may be installed: helm does not say it is unknown (<c>helm status</c>, a cleanup call).</summary>
    public Task<bool> CanaryInstalledAsync(CanaryStrategy canary) => StrategyInstalledAsync(canary.CanaryRelease);

    /// <summary>Uninstalls the canary release (a cleanup call); false when helm failed (said on stderr).</summary>
    public Task<bool> UninstallCanaryAsync(CanaryStrategy canary) => StrategyUninstallAsync(canary.CanaryRelease, "canary uninstall");

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
