namespace SecretsKit.Agent.Model;

internal enum CreationPolicy { Owner, Orphan, Merge, None, CreateOrMerge }
