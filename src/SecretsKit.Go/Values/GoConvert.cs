namespace SecretsKit.Go.Values;

/// <summary>Go's numeric conversions where .NET's differ.</summary>
public static class GoConvert
{
    /// <summary>
    /// Go's <c>int64(f)</c> on amd64: truncates toward zero; NaN and values outside int64 give the "integer indefinite"
    /// value, math.MinInt64 (.NET saturates instead).
    /// </summary>
    public static long FloatToInt64(double d) =>
        double.IsNaN(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0 ? long.MinValue : (long)d;
}
