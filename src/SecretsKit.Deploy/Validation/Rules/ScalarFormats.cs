using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Validation.Schema;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// The <c>format</c>s checked, as the API server checks them: on strings <c>byte</c> (base64), <c>date-time</c>
/// (RFC 3339 with a zone), <c>date</c> (<c>2006-01-02</c>), <c>duration</c> (<see cref="ApiServerDuration"/>); on integers
/// <c>int32</c> and <c>int64</c> (the range of the Go type the value decodes into). Other formats are not checked.
/// Findings say what was expected, never the value.
/// </summary>
internal static partial class ScalarFormats
{
    [GeneratedRegex(@"^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    /// <summary>Null when <paramref name="value"/> (already of the schema's type) has the format; else what to report.</summary>
    public static string? Check(string format, ScalarValue value) => (format, value.Kind) switch
    {
        ("byte", ScalarKind.String) when !IsBase64(value.Text) => "expected base64-encoded data, got a string that is not valid base64",
        ("date-time" or "datetime", ScalarKind.String) when !IsDateTime(value.Text) => "must be of type date-time (RFC 3339, e.g. 2006-01-02T15:04:05Z)",
        ("date", ScalarKind.String) when !IsDate(value.Text) => "must be of type date (e.g. 2006-01-02)",
        ("duration", ScalarKind.String) when !ApiServerDuration.IsValid(value.Text) => "must be of type duration (e.g. 30s, 1h30m)",
        ("int32", ScalarKind.Integer) when !InRange(value.Text, int.MinValue, int.MaxValue) => "should be an int32 (between -2147483648 and 2147483647)",
        ("int64", ScalarKind.Integer) when !InRange(value.Text, long.MinValue, long.MaxValue) => "should be an int64 (between -9223372036854775808 and 9223372036854775807)",
        _ => null,
    };

    private static bool IsBase64(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        return Base64.IsValid(bytes);
    }

    /// <summary>strfmt's date-time: a date, a <c>t</c>, a time of day with seconds and a zone (case-insensitive).</summary>
    private static bool IsDateTime(string text)
    {
        if (text.Length < 4) return false;
        var parts = text.ToLowerInvariant().Split('t');
        if (parts.Length < 2 || !IsDate(parts[0])) return false;
        var m = TimeOfDay().Match(parts[1]);
        return m.Success && string.CompareOrdinal(m.Groups[1].Value, "23") <= 0 && string.CompareOrdinal(m.Groups[2].Value, "59") <= 0
            && string.CompareOrdinal(m.Groups[3].Value, "59") <= 0;
    }

    private static bool IsDate(string text) =>
        text.Length == 10 && DateOnly.TryParseExact(text, "yyyy'-'MM'-'dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Whether an integer's canonical text (an optional <c>-</c> and decimal digits) is within the bounds: a
    /// text that does not parse as a <see cref="long"/> is outside them all.</summary>
    private static bool InRange(string canonical, long min, long max) =>
        long.TryParse(canonical, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max;
}
