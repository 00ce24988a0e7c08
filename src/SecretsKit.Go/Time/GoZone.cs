using System.Text;

namespace SecretsKit.Go.Time;

/// <summary>
/// A Go <c>*time.Location</c>: <c>UTC</c>, <c>Local</c> (the machine's zone, as Go reads it) or an IANA zone. Offsets come
/// from the system time zone database; the abbreviation Go prints (<c>EST</c>, <c>+0530</c>-like <c>IST</c>) is read from the
/// zone's TZif file, where Go reads it too.
/// </summary>
public sealed class GoZone
{
    private readonly TimeZoneInfo _zone;
    private readonly List<(int Offset, bool Dst, string Abbreviation)> _types;

    private GoZone(string name, TimeZoneInfo zone, List<(int, bool, string)> types) => (Name, _zone, _types) = (name, zone, types);

    public string Name { get; }

    public static GoZone Utc { get; } = new("UTC", TimeZoneInfo.Utc, [(0, false, "UTC")]);

    public static GoZone Local { get; } = LoadLocal();

    /// <summary>Go's <c>time.LoadLocation</c>: "" and "UTC" are UTC, "Local" the local zone, else an IANA name; null when unknown.</summary>
    public static GoZone? Load(string name)
    {
        if (name is "" or "UTC") return Utc;
        if (name == "Local") return Local;
        if (name.Contains("..", StringComparison.Ordinal) || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal)) return null;
        try
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            return new GoZone(name, zone, ReadTypes(name));
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }

    private static GoZone LoadLocal()
    {
        var tz = Environment.GetEnvironmentVariable("TZ");
        if (tz is not null)
        {
            return tz is "" or "UTC" ? new GoZone("UTC", TimeZoneInfo.Utc, [(0, false, "UTC")]) : Load(tz.TrimStart(':')) is { } z ? Rename(z) : Utc;
        }
        if (!File.Exists("/etc/localtime")) return new GoZone("UTC", TimeZoneInfo.Utc, [(0, false, "UTC")]);
        return new GoZone("Local", TimeZoneInfo.Local, ReadTypesFrom("/etc/localtime"));
    }

    private static GoZone Rename(GoZone z) => new("Local", z._zone, z._types);

    /// <summary>The offset (seconds east of UTC) and abbreviation in force at <paramref name="unixSeconds"/>.</summary>
    public (int Offset, string Abbreviation) At(long unixSeconds)
    {
        var instant = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unixSeconds, -62135596800, 253402300799));
        var offset = (int)_zone.GetUtcOffset(instant).TotalSeconds;
        var dst = _zone.IsDaylightSavingTime(instant);
        foreach (var t in _types)
        {
            if (t.Offset == offset && t.Dst == dst) return (offset, t.Abbreviation);
        }
        foreach (var t in _types)
        {
            if (t.Offset == offset) return (offset, t.Abbreviation);
        }
        return (offset, NumericName(offset));
    }

    // Go prints a zone without a name by its offset: sign, hours, minutes.
    private static string NumericName(int offset)
    {
        var m = Math.Abs(offset) / 60;
        return $"{(offset < 0 ? '-' : '+')}{m / 60:00}{m % 60:00}";
    }

    /// <summary>Go's <c>time.FixedZone(name, offset)</c>.</summary>
    public static GoZone Fixed(string name, int offset) =>
        new(name, TimeZoneInfo.CreateCustomTimeZone(name.Length == 0 ? "fixed" : name, TimeSpan.FromSeconds(offset), name, name),
            name.Length == 0 ? [] : [(offset, false, name)]);

    private static List<(int, bool, string)> ReadTypes(string name)
    {
        foreach (var dir in new[] { Environment.GetEnvironmentVariable("ZONEINFO"), "/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ" })
        {
            if (dir is null) continue;
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return ReadTypesFrom(path);
        }
        return [];
    }

    /// <summary>The local time types of a TZif file (v1 block): offset, DST flag, abbreviation.</summary>
    private static List<(int, bool, string)> ReadTypesFrom(string path)
    {
        var list = new List<(int, bool, string)>();
        try
        {
            var b = File.ReadAllBytes(path);
            if (b.Length < 44 || Encoding.ASCII.GetString(b, 0, 4) != "TZif") return list;
            int Be(int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
            int timecnt = Be(32), typecnt = Be(36), charcnt = Be(40);
            var at = 44 + (timecnt * 5);
            var chars = at + (typecnt * 6);
            if (chars + charcnt > b.Length || typecnt > 256) return list;
            for (var i = 0; i < typecnt; i++)
            {
                var p = at + (i * 6);
                var idx = b[p + 5];
                var end = Array.IndexOf(b, (byte)0, chars + idx, charcnt - idx);
                var abbr = Encoding.ASCII.GetString(b, chars + idx, (end < 0 ? chars + charcnt : end) - (chars + idx));
                list.Add((Be(p), b[p + 4] != 0, abbr));
            }
        }
        catch (IOException)
        {
        }
        return list;
    }
}
