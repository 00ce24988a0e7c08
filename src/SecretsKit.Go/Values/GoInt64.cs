namespace SecretsKit.Go.Values;

/// <summary>
/// A value of Go type <c>int64</c> (sprig's <c>add</c>, <c>int64</c>, <c>toDecimal</c>, <c>max</c> return one), told apart
/// from a Go <c>int</c>, which is a plain C# <see cref="long"/>: both print alike, but <c>kindOf</c>/<c>typeOf</c>,
/// <c>deepEqual</c>, <c>eq</c> (int and int64 are both integers and compare by value) and <c>%T</c> see the difference.
/// </summary>
public readonly record struct GoInt64(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
