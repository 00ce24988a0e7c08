namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>One test (<c>it</c>): passed, skipped (with a reason), or failed by its assertions or by an error before them.</summary>
public sealed record TestResult(string Name, bool Passed, bool Skipped, string SkipReason, string? Error, IReadOnlyList<AssertionResult> Asserts, TimeSpan Duration);
