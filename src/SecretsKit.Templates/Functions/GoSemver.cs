using System.Globalization;
using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// A Masterminds/semver v3 <c>*semver.Version</c> (what sprig's <c>semver</c> returns): read by <c>NewVersion</c>'s loose rules
/// (<c>v</c> optional, minor and patch may be left out), compared by SemVer precedence, printed as <c>String()</c>.
/// Templates call its methods: <c>Major Minor Patch Prerelease Metadata Original String Compare LessThan GreaterThan
/// Equal IncMajor IncMinor IncPatch SetPrerelease SetMetadata</c>.
/// </summary>
internal sealed partial class GoSemver(ulong major, ulong minor, ulong patch, string pre, string metadata, string original, bool pointer = true) : IGoObject
{
    [GeneratedRegex(@"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex VersionPattern();

    public ulong Major { get; } = major;

    public ulong Minor { get; } = minor;

    public ulong Patch { get; } = patch;

    public string Pre { get; } = pre;

    public string Metadata { get; } = metadata;

    public string Original { get; } = original;

    public string TypeName => pointer ? "*semver.Version" : "semver.Version";

    public string Kind => pointer ? "ptr" : "struct";

    /// <summary><c>semver.NewVersion</c>; fails with its error text.</summary>
    public static GoSemver Parse(string v)
    {
        Match m;
        try
        {
            m = VersionPattern().Match(v);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new TemplateFunctionException("Invalid Semantic Version");
        }
        if (!m.Success || v.EndsWith('\n')) throw new TemplateFunctionException("Invalid Semantic Version");
        var major = Segment(m.Groups[1].Value);
        var minor = m.Groups[2].Success ? Segment(m.Groups[2].Value[1..]) : 0;
        var patch = m.Groups[3].Success ? Segment(m.Groups[3].Value[1..]) : 0;
        var pre = m.Groups[5].Value;
        var meta = m.Groups[8].Value;
        if (pre.Length > 0) ValidatePrerelease(pre);
        if (meta.Length > 0) ValidateMetadata(meta);
        return new GoSemver(major, minor, patch, pre, meta, v);
    }

    private static ulong Segment(string s) => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n
        : throw new TemplateFunctionException($"Error parsing version segment: strconv.ParseUint: parsing {GoValues.Quote(Echo.Truncated(s, GoSemverConstraint.MaxEcho))}: value out of range");

    private static void ValidatePrerelease(string p)
    {
        foreach (var part in p.Split('.'))
        {
            if (part.All(char.IsAsciiDigit))
            {
                if (part.Length > 1 && part[0] == '0') throw new TemplateFunctionException("Version segment starts with 0");
            }
            else if (!part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) throw new TemplateFunctionException("Invalid Prerelease string");
        }
    }

    private static void ValidateMetadata(string m)
    {
        if (m.Split('.').Any(part => !part.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))) throw new TemplateFunctionException("Invalid Metadata string");
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (Pre.Length > 0 ? "-" + Pre : "") + (Metadata.Length > 0 ? "+" + Metadata : "");

    public string? TryFormat() => ToString();

    public int Compare(GoSemver o)
    {
        var d = Major.CompareTo(o.Major);
        if (d == 0) d = Minor.CompareTo(o.Minor);
        if (d == 0) d = Patch.CompareTo(o.Patch);
        if (d != 0) return Math.Sign(d);
        if (Pre.Length == 0 && o.Pre.Length == 0) return 0;
        if (Pre.Length == 0) return 1;
        if (o.Pre.Length == 0) return -1;
        return ComparePrerelease(Pre, o.Pre);
    }

    /// <summary>Masterminds' <c>comparePrerelease</c>: dot-separated parts, numbers below words, a missing part lowest.</summary>
    public static int ComparePrerelease(string v, string o)
    {
        var s = v.Split('.');
        var t = o.Split('.');
        for (var i = 0; i < Math.Max(s.Length, t.Length); i++)
        {
            var d = ComparePart(i < s.Length ? s[i] : "", i < t.Length ? t[i] : "");
            if (d != 0) return d;
        }
        return 0;
    }

    private static int ComparePart(string s, string o)
    {
        if (s == o) return 0;
        if (s.Length == 0) return -1;
        if (o.Length == 0) return 1;
        var oNum = ulong.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var oi);
        var sNum = ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var si);
        if (!oNum && !sNum) return string.CompareOrdinal(s, o) > 0 ? 1 : -1;
        if (!oNum) return -1;
        if (!sNum) return 1;
        return si > oi ? 1 : -1;
    }

    private string VPrefix => Original.StartsWith('v') ? "v" : "";

    private GoSemver Next(ulong major, ulong minor, ulong patch, string pre, string meta)
    {
        var next = new GoSemver(major, minor, patch, pre, meta, "", pointer: false);
        return new GoSemver(major, minor, patch, pre, meta, VPrefix + next, pointer: false);
    }

    /// <summary>The methods Go can call on this value: a <c>semver.Version</c> (not a pointer) lacks the pointer-receiver ones.</summary>
    public TemplateFunction? Method(string name) =>
        !pointer && name is "Original" or "Compare" or "LessThan" or "GreaterThan" or "Equal" ? null : MethodOf(name);

    private TemplateFunction? MethodOf(string name) => name switch
    {
        "Major" => c => Major,
        "Minor" => c => Minor,
        "Patch" => c => Patch,
        "Prerelease" => c => Pre,
        "Metadata" => c => Metadata,
        "Original" => c => Original,
        "String" => c => ToString(),
        "Compare" => c => (long)Compare(Other(c)),
        "LessThan" => c => Compare(Other(c)) < 0,
        "GreaterThan" => c => Compare(Other(c)) > 0,
        "Equal" => c => Compare(Other(c)) == 0,
        "IncPatch" => c => Pre.Length > 0 ? Next(Major, Minor, Patch, "", "") : Next(Major, Minor, Patch + 1, "", ""),
        "IncMinor" => c => Next(Major, Minor + 1, 0, "", ""),
        "IncMajor" => c => Next(Major + 1, 0, 0, "", ""),
        "SetPrerelease" => c =>
        {
            var p = c.Exactly(1).String(0);
            if (p.Length > 0) ValidatePrerelease(p);
            return Next(Major, Minor, Patch, p, Metadata);
        },
        "SetMetadata" => c =>
        {
            var m = c.Exactly(1).String(0);
            if (m.Length > 0) ValidateMetadata(m);
            return Next(Major, Minor, Patch, Pre, m);
        },
        _ => null,
    };

    private static GoSemver Other(TemplateCall c) =>
        c.Exactly(1)[0] is GoSemver { Kind: "ptr" } o ? o : throw c.WrongType(0, "*semver.Version");
}
