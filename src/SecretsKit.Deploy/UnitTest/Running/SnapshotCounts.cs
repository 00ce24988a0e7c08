namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>A suite's snapshots: compared, failed, newly written, and stored ones no test asked for any more.</summary>
public sealed record SnapshotCounts(uint Total, uint Failed, uint Created, uint Vanished);
