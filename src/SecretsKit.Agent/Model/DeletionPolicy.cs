namespace SecretsKit.Agent.Model;

internal enum DeletionPolicy { Retain, Delete, Merge }
