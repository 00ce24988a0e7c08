using SecretsKit.Go.Time;
using SecretsKit.Go.Values;

namespace SecretsKit.Templates.Calls;

/// <summary>
/// The methods a template may call on a value (Go's method sets, as <c>evalField</c> finds them): an
/// <see cref="IGoObject"/>'s own, <c>time.Time</c>'s <c>Unix UnixMilli UnixNano Year Month Day Hour Minute Second
/// Nanosecond YearDay Weekday Format UTC Local IsZero String</c>, and a named type's <c>String</c>.
/// </summary>
public static class GoMethods
{
    /// <summary>The method <paramref name="name"/> of <paramref name="value"/>, or null when its type has none.</summary>
    public static TemplateFunction? Find(object value, string name) => value switch
    {
        IGoObject o => o.Method(name),
        GoTimeValue t => Time(t, name),
        GoNamed n => name == "String" ? _ => n.Text : null,
        _ => null,
    };

    private static TemplateFunction? Time(GoTimeValue t, string name) => name switch
    {
        "Unix" => c => new GoInt64(t.Seconds),
        "UnixMilli" => c => new GoInt64((t.Seconds * 1000) + (t.Nanos / 1_000_000)),
        "UnixNano" => c => new GoInt64(unchecked((t.Seconds * 1_000_000_000) + t.Nanos)),
        "Year" => c => t.Civil().Local.Year,
        "Month" => c => new GoNamed("time.Month", "int", GoTimeFormat.Months[t.Civil().Local.Month - 1]),
        "Day" => c => (long)t.Civil().Local.Day,
        "Hour" => c => (long)t.Civil().Local.Hour,
        "Minute" => c => (long)t.Civil().Local.Minute,
        "Second" => c => (long)t.Civil().Local.Second,
        "Nanosecond" => c => (long)t.Nanos,
        "YearDay" => c => (long)t.Civil().Local.YearDay,
        "Weekday" => c => new GoNamed("time.Weekday", "int", GoTimeFormat.Days[t.Civil().Local.Weekday]),
        "Format" => c => GoTimeFormat.Format(t, c.Exactly(1).String(0)),
        "UTC" => c => t.In(GoZone.Utc),
        "Local" => c => t.In(GoZone.Local),
        "IsZero" => c => t.IsZero,
        "String" => c => t.TryFormat(),
        _ => null,
    };
}
