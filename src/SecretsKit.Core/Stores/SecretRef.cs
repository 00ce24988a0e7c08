namespace SecretsKit.Core.Stores;

/// <summary>Which secret to read: remote key (name/path), optional JSON property and version (id or stage).</summary>
public sealed record SecretRef(string Key, string? Property = null, string? Version = null);
