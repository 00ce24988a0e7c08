using System.Globalization;
using SecretsKit.Go.Values;

namespace SecretsKit.Go.Time;

/// <summary>
/// A Go <c>time.Time</c> as templates see it (<c>now</c>, <c>toDate</c>, <c>dateModify</c>): an instant (Unix seconds and
/// nanoseconds) in a <see cref="GoZone"/>. Prints as Go's <c>String()</c>; methods <c>Unix UnixMilli UnixNano Year Month Day
/// Hour Minute Second Nanosecond YearDay Weekday Format UTC Local IsZero String</c> are callable from templates (their table is the
/// template engine's).
/// </summary>
public sealed class GoTimeValue(long seconds, int nanos, GoZone zone, long? monotonic = null) : IGoValue
{
    /// <summary>Seconds from 0001-01-01 to 1970-01-01.</summary>
    private const long UnixToInternal = 62135596800;

    public long Seconds { get; } = seconds;

    public int Nanos { get; } = nanos;

    public GoZone Zone { get; } = zone;

    /// <summary>Go's zero <c>time.Time</c>: 0001-01-01 00:00:00 UTC.</summary>
    public static GoTimeValue Zero { get; } = new(-UnixToInternal, 0, GoZone.Utc);

    public static GoTimeValue Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var ticks = now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return new GoTimeValue(Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest), (int)(rest * 100), GoZone.Local, clock.GetTimestamp());
    }

    public string TypeName => "time.Time";

    public string Kind => "struct";

    public string? TryFormat()
    {
        var s = GoTimeFormat.Format(this, "2006-01-02 15:04:05.999999999 -0700 MST");
        return monotonic is null ? s : s + " m=+" + (monotonic.Value / (double)TimeProvider.System.TimestampFrequency).ToString("0.000000000", CultureInfo.InvariantCulture);
    }

    /// <summary>Seconds from 0001-01-01 to 1885-01-01, where Go's wall clock with a monotonic reading counts from.</summary>
    private const long WallToInternal = 59453308800;

    /// <summary>Where a location pointer that is not nil is printed (Go prints the address of its Location, which differs per binary).</summary>
    private const ulong LocationAddress = 0xc000010000;

    /// <summary>
    /// The fields Go's <c>fmt</c> prints for a verb that does not call <c>String()</c> (<c>%d</c>, <c>%o</c>…):
    /// <c>wall</c> (nanoseconds, or with a monotonic reading its flag, the seconds since 1885 and the nanoseconds),
    /// <c>ext</c> (the seconds since year 1, or the monotonic reading) and <c>loc</c> (nil for UTC).
    /// </summary>
    public GoStruct Fields()
    {
        var sinceYear1 = Seconds + UnixToInternal;
        var (wall, ext) = monotonic is { } m && sinceYear1 >= WallToInternal
            ? ((1UL << 63) | ((ulong)(sinceYear1 - WallToInternal) << 30) | (uint)Nanos, (long)(m * (1e9 / TimeProvider.System.TimestampFrequency)))
            : ((ulong)Nanos, sinceYear1);
        return new GoStruct(TypeName, new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["wall"] = wall, ["ext"] = new GoInt64(ext), ["loc"] = ReferenceEquals(Zone, GoZone.Utc) ? 0UL : LocationAddress,
        });
    }

    /// <summary>Go's <c>MarshalText</c>/<c>MarshalJSON</c>: RFC 3339 with nanoseconds.</summary>
    public string MarshalText() => GoTimeFormat.Format(this, "2006-01-02T15:04:05.999999999Z07:00");

    public GoTimeValue In(GoZone z) => new(Seconds, Nanos, z);

    public GoTimeValue AddNanos(long d)
    {
        var total = (decimal)Seconds * 1_000_000_000 + Nanos + d;
        var sec = (long)Math.Floor(total / 1_000_000_000);
        return new GoTimeValue(sec, (int)(total - (sec * 1_000_000_000m)), Zone);
    }

    /// <summary>The wall clock in this zone: local date and time, offset, abbreviation.</summary>
    public (GoCivil Local, int Offset, string Abbreviation) Civil()
    {
        var (offset, abbr) = Zone.At(Seconds);
        return (GoCivil.FromSeconds(Seconds + offset), offset, abbr);
    }

    /// <summary>Go's <c>IsZero</c>: the zero time.</summary>
    public bool IsZero => Seconds == -UnixToInternal && Nanos == 0;
}
