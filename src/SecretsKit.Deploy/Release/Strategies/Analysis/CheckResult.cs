namespace SecretsKit.Deploy.Release.Strategies.Analysis;

/// <summary>What one check of an analysis measured: its kind (<c>http</c>, <c>prometheus</c>…), pass or fail, and why (never a secret value).</summary>
public sealed record CheckResult(string Check, bool Passed, string Detail)
{
    public static CheckResult Pass(string check, string detail) => new(check, true, detail);

    public static CheckResult Fail(string check, string detail) => new(check, false, detail);
}

/// <summary>
/// How an analysis ended: passed, or failed with the check that failed last (<see cref="Failed"/>) and how many
/// measurements failed of how many taken.
/// </summary>
public sealed record AnalysisResult(bool Passed, CheckResult? Failed, int Failures, int Measurements)
{
    /// <summary>One line for output and the record: <c>http failed 2 of 3 measurements (failureLimit 1): …</c>.</summary>
    public string Describe(AnalysisSpec spec) => Failed is { } f
        ? $"{f.Check} failed {Failures} of {Measurements} measurement{(Measurements == 1 ? "" : "s")} (failureLimit {spec.FailureLimit}): {f.Detail}"
        : $"{spec.Describe()} passed {Measurements - Failures} of {Measurements} measurement{(Measurements == 1 ? "" : "s")}";
}
