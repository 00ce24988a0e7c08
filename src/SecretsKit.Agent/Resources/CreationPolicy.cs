namespace SecretsKit.Agent.Resources;

internal enum CreationPolicy { Owner, Orphan, Merge, None, CreateOrMerge }
