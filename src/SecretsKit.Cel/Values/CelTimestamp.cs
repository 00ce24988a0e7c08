namespace SecretsKit.Cel.Values;

/// <summary>A CEL timestamp (google.protobuf.Timestamp): nanoseconds since the Unix epoch, from year 1 to 9999.</summary>
public sealed record CelTimestamp(Int128 UnixNanos)
{
    public static readonly Int128 MinNanos = (Int128)(-62135596800L) * 1_000_000_000;

    public static readonly Int128 MaxNanos = ((Int128)253402300799L * 1_000_000_000) + 999_999_999;

    public static bool InRange(Int128 nanos) => nanos >= MinNanos && nanos <= MaxNanos;

    /// <summary>Whole seconds since the epoch, rounded down (so <see cref="Nanos"/> is never negative).</summary>
    public long Seconds => (long)((UnixNanos - Nanos) / 1_000_000_000);

    public int Nanos => (int)(((UnixNanos % 1_000_000_000) + 1_000_000_000) % 1_000_000_000);

    /// <summary>The instant as a UTC DateTime (sub-tick nanoseconds dropped).</summary>
    public DateTime ToDateTime() => DateTime.UnixEpoch.AddTicks((long)(UnixNanos / 100));

    public int CompareTo(CelTimestamp other) => UnixNanos.CompareTo(other.UnixNanos);
}
