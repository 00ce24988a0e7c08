namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>One assertion's outcome: <c>asserts[Index]</c>, its type, <c>not</c>, and the failure lines (already redacted).</summary>
public sealed record AssertionResult(int Index, string Type, bool Not, bool Passed, bool Skipped, string SkipReason, IReadOnlyList<string> Info);
