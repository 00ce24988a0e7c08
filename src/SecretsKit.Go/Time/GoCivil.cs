namespace SecretsKit.Go.Time;

/// <summary>
/// A proleptic Gregorian wall clock for any year (Go's <c>time</c> has year 0 and negative years, which <see cref="DateTime"/>
/// lacks): from seconds since 1970-01-01 in local time, and back.
/// </summary>
public readonly record struct GoCivil(long Year, int Month, int Day, int Hour, int Minute, int Second)
{
    /// <summary>0 = Sunday.</summary>
    public int Weekday => (int)FloorMod(DaysFromCivil(Year, Month, Day) + 4, 7);

    public int YearDay => (int)(DaysFromCivil(Year, Month, Day) - DaysFromCivil(Year, 1, 1)) + 1;

    public static GoCivil FromSeconds(long local)
    {
        var days = FloorDiv(local, 86400);
        var secs = (int)(local - (days * 86400));
        var z = days + 719468;
        var era = FloorDiv(z, 146097);
        var doe = z - (era * 146097);
        var yoe = (doe - (doe / 1460) + (doe / 36524) - (doe / 146096)) / 365;
        var doy = doe - ((365 * yoe) + (yoe / 4) - (yoe / 100));
        var mp = ((5 * doy) + 2) / 153;
        var d = (int)(doy - (((153 * mp) + 2) / 5) + 1);
        var m = (int)(mp < 10 ? mp + 3 : mp - 9);
        var y = yoe + (era * 400) + (m <= 2 ? 1 : 0);
        return new GoCivil(y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    }

    /// <summary>Seconds since 1970-01-01 of this wall clock read as UTC.</summary>
    public long ToSeconds() => (DaysFromCivil(Year, Month, Day) * 86400) + (Hour * 3600) + (Minute * 60) + Second;

    public static long DaysFromCivil(long y, int m, int d)
    {
        y -= m <= 2 ? 1 : 0;
        var era = FloorDiv(y, 400);
        var yoe = y - (era * 400);
        var doy = ((153 * (m + (m > 2 ? -3 : 9))) + 2) / 5 + d - 1;
        var doe = (yoe * 365) + (yoe / 4) - (yoe / 100) + doy;
        return (era * 146097) + doe - 719468;
    }

    public static bool IsLeap(long year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);

    public static int DaysIn(int month, long year) => month == 2 ? (IsLeap(year) ? 29 : 28) : month is 4 or 6 or 9 or 11 ? 30 : 31;

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    private static long FloorMod(long a, long b) => a - (FloorDiv(a, b) * b);
}
