using System.Globalization;

namespace SecretsKit.Kubernetes.Models;

/// <summary>
/// Kubernetes' time text, as apimachinery marshals it: <c>metav1.Time</c> is RFC 3339 in UTC to the second
/// (<c>2006-01-02T15:04:05Z</c>: <c>creationTimestamp</c>, an Event's <c>lastTimestamp</c>, condition times, annotations
/// such as <c>kubectl.kubernetes.io/restartedAt</c>), <c>metav1.MicroTime</c> the same with six fraction digits (a Lease's
/// <c>renewTime</c>, an events.k8s.io Event's <c>eventTime</c>). Every writer of these fields goes through here.
/// </summary>
public static class KubeTime
{
    private const string Seconds = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const string Micro = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary><c>metav1.Time</c>: <paramref name="at"/> in UTC, whole seconds.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString(Seconds, CultureInfo.InvariantCulture);

    /// <summary><c>metav1.MicroTime</c>: <paramref name="at"/> in UTC with microseconds.</summary>
    public static string FormatMicro(DateTimeOffset at) => at.UtcDateTime.ToString(Micro, CultureInfo.InvariantCulture);

    /// <summary>Exactly the text <see cref="Format"/> writes (no other offset, no fraction), as a UTC time.</summary>
    public static bool TryParseExact(string text, out DateTimeOffset at) =>
        DateTimeOffset.TryParseExact(text, Seconds, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out at);
}
