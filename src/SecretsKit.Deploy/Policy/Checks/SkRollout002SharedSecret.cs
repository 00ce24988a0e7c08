using SecretsKit.Deploy.Policy.Model;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// SK-ROLLOUT-002: a Secret the stable release renders is rendered under the same namespace and name by the strategy's
/// other release too (the canary release, a blue-green color): the chart names it with no regard for the release name,
/// so both releases write one Secret. The canary's (or the new color's) value replaces the stable one's at its first
/// install, and aborting the canary or switching back does not bring the old value back. Names the Secret and the
/// release, never a value. Needs the strategy's renderings (<see cref="PolicyObject.Strategy"/>).
/// </summary>
internal sealed class SkRollout002SharedSecret : RolloutCheck
{
    public override string Id => "SK-ROLLOUT-002";

    public override string Title => "The canary or a blue-green color renders a Secret the stable release owns";

    /// <summary>MEDIUM as SK-ROLLOUT-001: a rollback that leaves a value behind is an availability and rotation risk, not an exposure.</summary>
    public override PolicySeverity Severity => PolicySeverity.Medium;

    public override IReadOnlyCollection<string> Kinds => ["secret"];

    public override IEnumerable<PolicyHit> Evaluate(PolicyObject o)
    {
        if (o.Strategy is not { } strategy || o.Kind is not { } kind || o.Name is not { } name) return [];
        var releases = strategy.ReleasesRendering(kind, o.Namespace, name);
        if (releases.Count == 0) return [];
        var which = $"the {strategy.Strategy} release{(releases.Count == 1 ? "" : "s")} {string.Join(", ", releases)}";
        return [new PolicyHit("metadata.name", $"Secret {o.Namespace}/{name} is rendered by {which} too: both releases write one Secret, "
            + "so its value changes for the stable release as soon as the new version is installed and no abort or switch back restores it; "
            + "name it after the release ({{ .Release.Name }} or the chart's fullname helper)")];
    }
}
