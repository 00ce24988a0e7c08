namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>One item of <c>canary.steps</c>: <see cref="SetWeightStep"/>, <see cref="AnalysisStep"/> or <see cref="PauseStep"/>.</summary>
/// <param name="Where">The file and line of the step, for messages.</param>
public abstract record CanaryStep(string Where)
{
    /// <summary>How the step is named in output and in the record (<c>setWeight 10</c>, <c>analysis</c>, <c>pause 30s</c>).</summary>
    public abstract string Describe();
}

/// <summary><c>setWeight: N</c> (0..100): one upgrade of the canary release with the weight value set to N.</summary>
public sealed record SetWeightStep(int Weight, string Where) : CanaryStep(Where)
{
    public override string Describe() => $"setWeight {Weight}";
}

/// <summary><c>analysis: {…}</c>: the checks of <see cref="Analysis"/>; a failure ends the strategy as its <c>onFailure</c> says.</summary>
public sealed record AnalysisStep(AnalysisSpec Analysis, string Where) : CanaryStep(Where)
{
    public override string Describe() => "analysis " + Analysis.Describe();
}

/// <summary>
/// <c>pause: {duration: 30s}</c> waits that long; <c>pause: {}</c> (<see cref="Duration"/> null) stops the run, which
/// <c>release promote --resume</c> continues from the next step.
/// </summary>
public sealed record PauseStep(TimeSpan? Duration, string Where) : CanaryStep(Where)
{
    public override string Describe() => Duration is { } d ? $"pause {Go.Time.GoDuration.Format(d.Ticks * 100)}" : "pause";
}
