using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.Policy.Checks;

/// <summary>
/// The Kubernetes version the version-dependent checks compare with, read as Rego's <c>semver.compare</c> reads
/// <c>data.k8s.version</c>: strict semantic versioning (<c>1.29.0</c>, <c>1.32.2-gke.1182001</c>); anything else
/// (<c>1.29</c>, <c>v1.29.0</c>) is no version. A pre-release sorts before its release.
/// </summary>
internal static partial class KubeVersion
{
    [GeneratedRegex(@"^(?<major>0|[1-9][0-9]*)\.(?<minor>0|[1-9][0-9]*)\.(?<patch>0|[1-9][0-9]*)(?<pre>-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Semver();

    /// <summary>The sign of <paramref name="version"/> compared with <c>major.minor.0</c>; null when it is not a semantic version.</summary>
    public static int? Compare(string? version, int major, int minor)
    {
        if (version is null || Semver().Match(version) is not { Success: true } m) return null;
        var given = (Parse(m.Groups["major"].Value), Parse(m.Groups["minor"].Value), Parse(m.Groups["patch"].Value));
        var cmp = given.CompareTo((major, minor, 0L));
        return cmp != 0 ? Math.Sign(cmp) : m.Groups["pre"].Success ? -1 : 0;
    }

    /// <summary>Major and minor of <c>v1.19</c> as trivy-checks' tables write them.</summary>
    public static (int Major, int Minor) Table(string version)
    {
        var parts = version.TrimStart('v').Split('.');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private static long Parse(string digits) => long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;
}
