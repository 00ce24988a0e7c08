namespace SecretsKit.Agent.Model;

/// <summary>A write was about to be sent for an object whose shard this replica no longer owns: the reconcile ends, nothing is written.</summary>
internal sealed class ShardFencedException(string objectKey) : Exception($"{objectKey}: its shard is no longer owned by this replica");
