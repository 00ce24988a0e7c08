namespace SecretsKit.Deploy.UnitTest.Snapshots;

/// <summary>One <c>matchSnapshot</c> comparison: its 1-based index in the test, the stored and the new snapshot, and a regex message.</summary>
internal sealed record SnapshotComparison(bool Passed, uint Index, string CachedSnapshot, string NewSnapshot, string Message, string? Error);
