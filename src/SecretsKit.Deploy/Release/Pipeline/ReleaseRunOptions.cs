namespace SecretsKit.Deploy.Release.Pipeline;

/// <summary>What one run does: environment, <c>-l</c> selectors, whether secrets may be printed, parallelism.</summary>
public sealed record ReleaseRunOptions(
    string Environment,
    IReadOnlyList<string> Selectors,
    bool ShowSecrets = false,
    int Concurrency = 1,
    bool DetailedExitCode = false)
{
    /// <summary><c>--include-needs</c>: with <c>-l</c>, the releases the selected ones need are selected too.</summary>
    public bool IncludeNeeds { get; init; }

    /// <summary><c>diff --context N</c>: unchanged lines shown around each change.</summary>
    public int ContextLines { get; init; } = 3;

    /// <summary>
    /// The validate stage after <c>template</c> (lint, diff, apply, sync): the schemas and strictness; null with
    /// <c>--skip-validate</c>. A release that fails it is not diffed or deployed.
    /// </summary>
    public Validation.ValidationOptions? Validation { get; init; } = new();

    /// <summary>
    /// The policy stage after validate: Trivy's misconfiguration checks over the rendering; a finding of these severities
    /// (by default CRITICAL) fails the release. Null with <c>--skip-policy</c>.
    /// </summary>
    public SecretsKit.Deploy.Policy.PolicyOptions? Policy { get; init; } = new() { Severities = [SecretsKit.Deploy.Policy.Model.PolicySeverity.Critical] };

    /// <summary><c>--skip-unittest</c>: no unittest stage (the chart's helm-unittest suites) in <c>lint</c> and <c>apply</c>.</summary>
    public bool SkipUnitTest { get; init; }

    /// <summary>
    /// The recipient check <c>lint</c> and <c>apply</c> run before any release (the CLI gives
    /// <c>Recipients.EnvironmentRecipients.CheckAsync</c> for the run's environment): each finding is shown in the policy
    /// format and fails the run. Null: not checked.
    /// </summary>
    public Func<CancellationToken, Task<IReadOnlyList<Core.Operations.RecipientFinding>>>? Recipients { get; init; }

    /// <summary><c>--skip-deps</c>: no <c>helm repo add</c>/<c>dependency build</c> before the run.</summary>
    public bool SkipDeps { get; init; }

    /// <summary>What helmfile's command-line flags change (<c>--set</c>, <c>--wait</c>, <c>--interactive</c>, …).</summary>
    public CommandLineOverrides Overrides { get; init; } = new();

    /// <summary>
    /// Commands that change or check the cluster (apply, sync, destroy, test, rollback): each stage of a release says on
    /// stderr when it starts and how it ended, and helm's output of the long stages (upgrade, test, rollback, uninstall)
    /// is shown line by line as helm prints it, secrets redacted (<see cref="StageProgress"/>).
    /// </summary>
    public bool Progress { get; init; }

    /// <summary>
    /// <c>--secrets-as</c>: helm gets placeholders instead of decrypted values and the Secrets holding them are sealed
    /// (<see cref="ReleaseSealing"/>); null: decrypted values go to helm as before.
    /// </summary>
    public ReleaseSealing? Sealing { get; init; }

    /// <summary><c>apply</c>/<c>sync</c> work out each release's record entry at the end (<see cref="ReleasePipeline.RecordEntries"/>).</summary>
    public bool Record { get; init; }

    /// <summary><c>promote --pin</c>: a release id's chart version for this run (the source's), instead of the state's.</summary>
    public IReadOnlyDictionary<string, string> PinnedVersions { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The promotion file's <c>strategies:</c> for <c>apply</c>, <c>sync</c> and <c>promote</c>: a release with a
    /// <c>canary:</c> is rolled out through its canary release (<see cref="CanaryRollout"/>), one with a <c>blueGreen:</c>
    /// through its colors and switch (<see cref="BlueGreenRollout"/>). Empty for the other verbs.
    /// </summary>
    public IReadOnlyList<SecretsKit.Deploy.Release.Strategies.ReleaseStrategy> Strategies { get; init; } = [];

    /// <summary>
    /// The promotion file's <c>strategies:</c> in every verb that runs the policy stage, for the rollout checks SK-ROLLOUT-002
    /// and -003: a release one of them lists is rendered also under its canary's or colors' release names. Unlike
    /// <see cref="Strategies"/>, nothing is rolled out (or refused) by them.
    /// </summary>
    public IReadOnlyList<SecretsKit.Deploy.Release.Strategies.ReleaseStrategy> PolicyStrategies { get; init; } = [];
}
