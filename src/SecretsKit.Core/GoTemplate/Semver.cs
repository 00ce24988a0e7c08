using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SecretsKit.Core.GoTemplate;

/// <summary>A semantic version as Masterminds/semver (sprig's <c>semver*</c>) reads it: <c>v</c> optional, minor/patch may be omitted.</summary>
[SuppressMessage("Design", "CA1036:Override methods on comparable types", Justification = "Compared only through CompareTo (semverCompare, constraint checks); no operators are needed.")]
public sealed partial record Semver(long Major, long Minor, long Patch, string Prerelease) : IComparable<Semver>
{
    [GeneratedRegex(@"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static Semver? TryParse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return null;
        long Part(int g) => m.Groups[g].Success ? long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
        return new Semver(Part(1), Part(2), Part(3), m.Groups[4].Value);
    }

    public int CompareTo(Semver? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        // a version without prerelease ranks above the same version with one
        if (Prerelease.Length == 0 || other.Prerelease.Length == 0) return (Prerelease.Length == 0 ? 1 : 0) - (other.Prerelease.Length == 0 ? 1 : 0);
        return ComparePrerelease(Prerelease, other.Prerelease);
    }

    private static int ComparePrerelease(string a, string b)
    {
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
        {
            var xn = long.TryParse(x[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xv);
            var yn = long.TryParse(y[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yv);
            var c = (xn, yn) switch
            {
                (true, true) => xv.CompareTo(yv),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x[i], y[i]),
            };
            if (c != 0) return Math.Sign(c);
        }
        return x.Length.CompareTo(y.Length);
    }
}
