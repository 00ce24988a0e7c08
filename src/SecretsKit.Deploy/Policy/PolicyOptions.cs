using SecretsKit.Deploy.Policy.Model;
using SecretsKit.Deploy.Policy.Provenance;

namespace SecretsKit.Deploy.Policy;

/// <summary>
/// What a policy run reports: the severities kept (Trivy's <c>--severity</c>; empty: all), the IDs ignored
/// (<c>.trivyignore</c>), whether deprecated checks run, the Kubernetes version for the checks that depend on one, and
/// the date that decides whether an ignore entry has expired.
/// </summary>
public sealed record PolicyOptions
{
    public IReadOnlyCollection<PolicySeverity> Severities { get; init; } = [];

    public TrivyIgnoreFile? Ignore { get; init; }

    public bool IncludeDeprecated { get; init; }

    public string? KubernetesVersion { get; init; }

    /// <summary>
    /// The container registries KSV0125 trusts (<c>--trusted-registry</c>, Trivy's <c>ksv0125.trusted_registries</c> in
    /// <c>--config-data</c>); empty: Trivy's default cloud registries.
    /// </summary>
    public IReadOnlyList<string> TrustedRegistries { get; init; } = [];

    /// <summary>
    /// The values the manifests were rendered with and where each came from (the release pipeline's, or
    /// <c>policy --values</c>): the plain-text checks SK-PLAINTEXT-001 and -002 need them; null: those two find nothing.
    /// </summary>
    public ValueProvenance? Values { get; init; }

    /// <summary>
    /// The cluster's admission configuration (<c>--admission-policy</c>): ValidatingAdmissionPolicies, bindings, param
    /// objects, Namespaces and CRDs, evaluated with those of the input over every object of the input.
    /// </summary>
    public IReadOnlyList<Validation.ManifestSource> AdmissionSources { get; init; } = [];

    /// <summary>
    /// The rendering deployed now (<c>helm get manifest</c>; <c>policy --deployed</c>), compared with the input by the
    /// rollout checks (SK-ROLLOUT-001); null: they find nothing. An empty list: nothing is deployed yet.
    /// </summary>
    public IReadOnlyList<Validation.ManifestSource>? Deployed { get; init; }

    /// <summary>
    /// The renderings of the release's rollout strategy (the canary release, the blue-green colors: the release
    /// pipeline's), compared with the input by SK-ROLLOUT-002 and -003; null: they find nothing.
    /// </summary>
    public StrategyRenderings? Strategy { get; init; }

    /// <summary>What the admission policies of one scan may spend in total (CEL cost); null: the default.</summary>
    public Admission.AdmissionLimits? AdmissionLimits { get; init; }

    /// <summary>The UTC date an ignore entry's expiry is compared with: the caller's clock (<see cref="TodayOn"/>), the system's by default.</summary>
    public DateOnly Today { get; init; } = TodayOn(TimeProvider.System);

    /// <summary>The UTC date on <paramref name="clock"/>.</summary>
    public static DateOnly TodayOn(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    }
}
