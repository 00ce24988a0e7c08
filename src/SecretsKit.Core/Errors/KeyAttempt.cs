namespace SecretsKit.Core.Errors;

/// <summary>One master key tried while recovering the data key: its group, type, identifier and why it failed.</summary>
public sealed record KeyAttempt(int Group, string KeyType, string Identifier, string Reason);
