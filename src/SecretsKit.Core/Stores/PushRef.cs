namespace SecretsKit.Core.Stores;

/// <summary>Where a pushed value goes: the remote key and optionally one property of a JSON object secret.</summary>
public sealed record PushRef(string RemoteKey, string? Property = null);
