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
    public static IEnumerable<string> Number(SchemaBounds bounds, ScalarValue value)
    {
        if (!double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) yield break;
        if (bounds.Minimum is { } min && (bounds.ExclusiveMinimum ? n <= min : n < min))
        {
            yield return $"should be greater than {(bounds.ExclusiveMinimum ? "" : "or equal to ")}{Show(min)}";
        }
        if (bounds.Maximum is { } max && (bounds.ExclusiveMaximum ? n >= max : n > max))
        {
            yield return $"should be less than {(bounds.ExclusiveMaximum ? "" : "or equal to ")}{Show(max)}";
        }
    }

    public static IEnumerable<string> Length(SchemaBounds bounds, string text)
    {
        if (bounds.MinLength is null && bounds.MaxLength is null) yield break;
        var length = CodePoints(text);
        if (bounds.MaxLength is { } max && length > max) yield return $"should be at most {max} chars long";
        if (bounds.MinLength is { } min && length < min) yield return $"should be at least {min} chars long";
    }

    public static IEnumerable<string> Items(SchemaBounds bounds, int count)
    {
        if (bounds.MaxItems is { } max && count > max) yield return $"should have at most {max} items";
        if (bounds.MinItems is { } min && count < min) yield return $"should have at least {min} items";
    }

    public static IEnumerable<string> Properties(SchemaBounds bounds, int count)
    {
        if (bounds.MaxProperties is { } max && count > max) yield return $"should have at most {max} properties";
        if (bounds.MinProperties is { } min && count < min) yield return $"should have at least {min} properties";
    }

    private static int CodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        return count;
    }

    private static string Show(double bound) => bound.ToString(CultureInfo.InvariantCulture);
}
