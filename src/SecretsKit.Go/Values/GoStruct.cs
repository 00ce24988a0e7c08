namespace SecretsKit.Go.Values;

/// <summary>
/// A Go struct as templates see it (<c>.Environment</c>, <c>.Release</c>): fields by name, and a missing field is an error
/// (<c>can't evaluate field X in type T</c>), unlike a missing map key.
/// </summary>
public sealed record GoStruct(string TypeName, IReadOnlyDictionary<string, object?> Fields);
