namespace SecretsKit.Go.Time;

/// <summary>What Go's <c>time.parse</c> collects while it reads a value element by element (its locals), before the date is
/// checked and the zone settled. -1 marks a month, day, day of year or zone offset the layout did not give.</summary>
internal sealed class GoTimeFields
{
    public int Year { get; set; }
    public int Month { get; set; } = -1;
    public int Day { get; set; } = -1;
    public int YearDay { get; set; } = -1;
    public int Hour { get; set; }
    public int Minute { get; set; }
    public int Second { get; set; }
    public int Nanosecond { get; set; }
    public int ZoneOffset { get; set; } = -1;
    public bool Am { get; set; }
    public bool Pm { get; set; }
    public GoZone? Zone { get; set; }
    public string ZoneName { get; set; } = "";

    /// <summary>The element Go names in "… out of range" after the last element read; empty when it was in range.</summary>
    public string Range { get; set; } = "";
}
