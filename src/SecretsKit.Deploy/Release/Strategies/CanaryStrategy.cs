namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>
/// <c>canary:</c>: a second helm release of the same chart in the same namespace (<see cref="CanaryRelease"/>) takes the
/// new chart and values at weight 0, <see cref="Steps"/> run in order, and after the last one the stable release is
/// upgraded to exactly what the canary ran, tested, and the canary uninstalled. A failed analysis ends as
/// <see cref="OnFailure"/> says.
/// </summary>
/// <param name="WeightValue">The values path the chart turns into traffic (<c>canary.weight</c>); a step's weight is set there.</param>
public sealed record CanaryStrategy(string CanaryRelease, string WeightValue, IReadOnlyList<CanaryStep> Steps, CanaryFailure OnFailure);

/// <summary><c>canary.onFailure</c>.</summary>
public enum CanaryFailure
{
    /// <summary><c>abort</c>: weight 0, the canary release uninstalled, the stable release untouched; the run fails.</summary>
    Abort,
}
