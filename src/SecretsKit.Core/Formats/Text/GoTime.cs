using System.Globalization;
using System.Text;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Formats.Text;

/// <summary>Go <c>time.Time.Format</c> for the RFC 3339 layouts sops writes (<c>Z</c> for a zero offset).</summary>
internal static class GoTime
{
    /// <summary><c>time.RFC3339</c>: seconds precision.</summary>
    public static string Rfc3339(TimeValue t) => Format(t, nano: false);

    /// <summary><c>time.RFC3339Nano</c>: up to 9 fractional digits, trailing zeros removed.</summary>
    public static string Rfc3339Nano(TimeValue t) => Format(t, nano: true);

    private static string Format(TimeValue t, bool nano)
    {
        var v = t.Value;
        var sb = new StringBuilder(35);
        sb.Append(v.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        if (nano)
        {
            var nanos = v.Ticks % TimeSpan.TicksPerSecond * 100 + t.Nanoseconds;
            if (nanos != 0)
            {
                sb.Append('.');
                sb.Append(nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
            }
        }
        var offset = v.Offset;
        if (offset == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            sb.Append(offset < TimeSpan.Zero ? '-' : '+');
            var abs = offset.Duration();
            sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':');
            sb.Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
