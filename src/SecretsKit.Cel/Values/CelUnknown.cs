namespace SecretsKit.Cel.Values;

/// <summary>An unknown value: the attributes (variable names) it depends on. Unknowns propagate like errors and win
/// over them (cel-spec, partial evaluation).</summary>
public sealed class CelUnknown(IReadOnlySet<string> attributes)
{
    public IReadOnlySet<string> Attributes { get; } = attributes;

    internal static CelUnknown Merge(CelUnknown a, CelUnknown b) =>
        new(new SortedSet<string>(a.Attributes.Concat(b.Attributes), StringComparer.Ordinal));
}
