namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>
/// <c>blueGreen:</c>: two releases of the same chart (<see cref="Colors"/>); the idle one takes the new version, the
/// <see cref="PrePromotion"/> checks run against it, <see cref="Switch"/> sends the traffic to it, the
/// <see cref="PostPromotion"/> checks run (a failure switches back), and the old color stays <see cref="ScaleDownDelay"/>
/// before it is scaled down as <see cref="ScaleDown"/> says.
/// </summary>
public sealed record BlueGreenStrategy(
    IReadOnlyList<string> Colors, BlueGreenSwitch Switch, IReadOnlyList<AnalysisSpec> PrePromotion, IReadOnlyList<AnalysisSpec> PostPromotion,
    TimeSpan ScaleDownDelay, BlueGreenScaleDown ScaleDown)
{
    /// <summary>
    /// The color to deploy, from what the switch shows now (<paramref name="active"/>: the router's value or the Service's
    /// selector label, null when there is none): the other color when it shows one of them, else the first color (a first
    /// run, or a switch that points elsewhere).
    /// </summary>
    public string IdleColor(string? active) => active == Colors[0] ? Colors[1] : Colors[0];

    /// <summary>Whether <paramref name="value"/> names one of the two colors (an old color to scale down).</summary>
    public bool IsColor(string? value) => value is not null && Colors.Contains(value, StringComparer.Ordinal);
}

/// <summary>
/// <c>switch:</c> — <c>{release, value}</c>: an upgrade of the router release <see cref="Release"/> with the values path
/// <see cref="Value"/> set to the active color's release name; or <c>{service, selectorLabel}</c>: a PATCH of the Service
/// <see cref="Service"/> (<c>namespace/name</c>) setting its selector label <see cref="SelectorLabel"/> to the color.
/// </summary>
public sealed record BlueGreenSwitch(string? Release, string? Value, string? Service, string? SelectorLabel)
{
    /// <summary>Whether the switch is a router release's upgrade (else a Service's selector).</summary>
    public bool ByRelease => Release is not null;
}

/// <summary><c>blueGreen.scaleDown</c>: what becomes of the old color after <c>scaleDownDelay</c>.</summary>
public enum BlueGreenScaleDown
{
    /// <summary><c>replicaCount</c>: an upgrade of the old color with <c>replicaCount: 0</c> (kept for a quick switch back).</summary>
    ReplicaCount,

    /// <summary><c>uninstall</c>: the old color's release is uninstalled.</summary>
    Uninstall,
}
