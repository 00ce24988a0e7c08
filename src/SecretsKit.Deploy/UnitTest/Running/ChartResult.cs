namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>One chart's suites, or the error that kept its suites from being read.</summary>
public sealed record ChartResult(string Name, string Path, bool Passed, string? Error, IReadOnlyList<SuiteResult> Suites);
