namespace SecretsKit.Agent.Resources;

internal enum DeletionPolicy { Retain, Delete, Merge }
