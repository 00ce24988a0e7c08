using System.Globalization;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library.Kubernetes;

/// <summary>A semantic version (<c>kubernetes.Semver</c>, semver 2.0.0): ordered by major, minor, patch, then
/// pre-release (a version with one sorts before the release; numeric identifiers compare as numbers and before
/// alphanumeric ones); build metadata is kept but does not order.</summary>
internal sealed class CelSemver : ICelObject, IEquatable<CelSemver>
{
    public static readonly CelType Type = new("kubernetes.Semver");

    private CelSemver(ulong major, ulong minor, ulong patch, string[] pre, string build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        Pre = pre;
        Build = build;
    }

    public ulong Major { get; }

    public ulong Minor { get; }

    public ulong Patch { get; }

    private string[] Pre { get; }

    private string Build { get; }

    public CelType CelType => Type;

    /// <summary>Parses a strict semver 2.0.0 version; with <paramref name="normalize"/>, a leading <c>v</c>, missing
    /// minor or patch parts and leading zeros are accepted first (Kubernetes' <c>semver(s, true)</c>).</summary>
    public static CelSemver? Parse(string text, bool normalize)
    {
        var build = "";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            build = text[(plus + 1)..];
            text = text[..plus];
            if (build.Length == 0 || build.Split('.').Any(p => p.Length == 0 || !p.All(IsIdentChar)))
                return null;
        }
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var pre = dash < 0 ? [] : text[(dash + 1)..].Split('.');
        var core = dash < 0 ? text : text[..dash];
        if (dash >= 0 && pre.Any(p => p.Length == 0 || !p.All(IsIdentChar) || (p.All(char.IsAsciiDigit) && p.Length > 1 && p[0] == '0')))
            return null;
        if (normalize)
        {
            core = core.StartsWith('v') ? core[1..] : core;
            var given = core.Split('.');
            core = string.Join('.', given.Select(p => p.TrimStart('0') is { Length: > 0 } t ? t : p.Length > 0 ? "0" : p)
                .Concat(Enumerable.Repeat("0", Math.Max(0, 3 - given.Length))));
        }
        var numbers = core.Split('.');
        if (numbers.Length != 3 || numbers.Any(n => n.Length == 0 || !n.All(char.IsAsciiDigit) || (n.Length > 1 && n[0] == '0')))
            return null;
        if (!ulong.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !ulong.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !ulong.TryParse(numbers[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
            return null;
        return new CelSemver(major, minor, patch, pre, build);
    }

    private static bool IsIdentChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    public int CompareTo(CelSemver other)
    {
        var core = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (core != 0)
            return Math.Sign(core);
        if (Pre.Length == 0 || other.Pre.Length == 0)
            return (Pre.Length == 0 ? 1 : 0) - (other.Pre.Length == 0 ? 1 : 0);
        for (var i = 0; i < Math.Min(Pre.Length, other.Pre.Length); i++)
        {
            var cmp = ComparePart(Pre[i], other.Pre[i]);
            if (cmp != 0)
                return cmp;
        }
        return Math.Sign(Pre.Length - other.Pre.Length);
    }

    private static int ComparePart(string a, string b)
    {
        var aNumeric = a.All(char.IsAsciiDigit);
        var bNumeric = b.All(char.IsAsciiDigit);
        if (aNumeric && bNumeric)
            return a.Length != b.Length ? Math.Sign(a.Length - b.Length) : Math.Sign(string.CompareOrdinal(a, b));
        if (aNumeric != bNumeric)
            return aNumeric ? -1 : 1;
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    public bool Equals(CelSemver? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => Equals(obj as CelSemver);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, string.Join('.', Pre));

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (Pre.Length > 0 ? "-" + string.Join('.', Pre) : "") + (Build.Length > 0 ? "+" + Build : "");
}
