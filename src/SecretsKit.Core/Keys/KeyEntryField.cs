namespace SecretsKit.Core.Keys;

/// <summary>
/// One field of a structured <c>key_groups</c> item (<c>arn</c>, <c>resource_id</c>, <c>vaultUrl</c>, …). Required fields
/// are checked in declaration order; values are trimmed unless <see cref="Trim"/> is false. <see cref="Hint"/> is added
/// to the "has no" error (<c>key</c> → "(the key name)").
/// </summary>
public sealed record KeyEntryField(string Name, bool Required = false, bool Trim = true, string? Hint = null);
