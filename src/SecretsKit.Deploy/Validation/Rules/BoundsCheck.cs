using System.Globalization;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// <see cref="SchemaBounds"/> applied to a value, with the API server's (kube-openapi's) wording: numbers against
/// minimum/maximum, string lengths in characters (Unicode code points, as Go counts runes), item and property counts.
/// Each check yields the findings' texts; a value is never part of one.
/// </summary>
internal static class BoundsCheck
{
    // Each check returns the shared empty array when the value is within bounds (the common case allocates nothing).

    public static IReadOnlyList<string> Number(SchemaBounds bounds, ScalarValue value)
    {
        if (!double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return [];
        var below = bounds.Minimum is { } min && (bounds.ExclusiveMinimum ? n <= min : n < min);
        var above = bounds.Maximum is { } max && (bounds.ExclusiveMaximum ? n >= max : n > max);
        if (!below && !above) return [];
        var found = new List<string>(2);
        if (below) found.Add($"should be greater than {(bounds.ExclusiveMinimum ? "" : "or equal to ")}{Show(bounds.Minimum!.Value)}");
        if (above) found.Add($"should be less than {(bounds.ExclusiveMaximum ? "" : "or equal to ")}{Show(bounds.Maximum!.Value)}");
        return found;
    }

    public static IReadOnlyList<string> Length(SchemaBounds bounds, string text)
    {
        if (bounds.MinLength is null && bounds.MaxLength is null) return [];
        var length = CodePoints(text);
        return Counted(length, bounds.MinLength, bounds.MaxLength, "be", "chars long");
    }

    public static IReadOnlyList<string> Items(SchemaBounds bounds, int count) => Counted(count, bounds.MinItems, bounds.MaxItems, "have", "items");

    public static IReadOnlyList<string> Properties(SchemaBounds bounds, int count) => Counted(count, bounds.MinProperties, bounds.MaxProperties, "have", "properties");

    /// <summary>A count against its bounds: "at most" first, then "at least", as the API server lists them.</summary>
    private static IReadOnlyList<string> Counted(long count, long? min, long? max, string verb, string unit)
    {
        var over = max is { } most && count > most;
        var under = min is { } least && count < least;
        if (!over && !under) return [];
        var found = new List<string>(2);
        if (over) found.Add($"should {verb} at most {max} {unit}");
        if (under) found.Add($"should {verb} at least {min} {unit}");
        return found;
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    private static string Show(double bound) => bound.ToString(CultureInfo.InvariantCulture);
}
