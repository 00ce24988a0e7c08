namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// The last three object keys on the way to a field, list indices skipped: for
/// <c>spec.volumes[0].secret.items[1].key</c> the key <c>key</c>, its parent <c>items</c> and grandparent <c>secret</c>.
/// </summary>
internal readonly record struct FieldKeys(string? Key, string? Parent, string? Grandparent)
{
    /// <summary>The keys of a field one object below this one, under <paramref name="key"/>.</summary>
    public FieldKeys Below(string key) => new(key, Key, Parent);
}
