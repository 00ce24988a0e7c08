namespace SecretsKit.Cel.Values;

/// <summary>A CEL duration (google.protobuf.Duration) in nanoseconds, within a signed 64-bit count of nanoseconds
/// (about ±292 years: cel-go's range, which the conformance suite pins; past it arithmetic is an overflow error).</summary>
public sealed record CelDuration(Int128 Nanos)
{
    public static readonly Int128 MaxNanos = long.MaxValue;

    public static bool InRange(Int128 nanos) => nanos >= long.MinValue && nanos <= long.MaxValue;

    public int CompareTo(CelDuration other) => Nanos.CompareTo(other.Nanos);
}
