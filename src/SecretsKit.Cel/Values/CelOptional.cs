namespace SecretsKit.Cel.Values;

/// <summary>A CEL optional value (<c>optional.of(x)</c>, <c>optional.none()</c>).</summary>
public sealed class CelOptional
{
    public static readonly CelOptional None = new(false, null);

    private CelOptional(bool hasValue, object? value)
    {
        HasValue = hasValue;
        Value = value;
    }

    public bool HasValue { get; }

    public object? Value { get; }

    public static CelOptional Of(object? value) => new(true, value);
}
