namespace SecretsKit.Cel.Values;

/// <summary>A library value with named fields that <c>x.f</c> and <c>has(x.f)</c> select.</summary>
public interface ICelFields
{
    bool TryGetField(string name, out object? value);
}
