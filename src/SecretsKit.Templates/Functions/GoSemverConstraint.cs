using System.Text.RegularExpressions;
using SecretsKit.Core.Errors;
using SecretsKit.Go;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// Masterminds/semver v3.2 constraints, as sprig's <c>semverCompare</c> reads them: hyphen ranges rewritten to
/// <c>&gt;= a, &lt;= b</c>, alternatives split on <c>||</c>, each checked against the library's grammar, terms with the
/// operators <c>= != &gt; &lt; &gt;= =&gt; &lt;= =&lt; ~ ~&gt; ^</c> and wildcards <c>x X *</c>. A prerelease version matches only a term
/// that names a prerelease itself (so <c>&gt;=1.19-0</c> admits <c>1.27.3-eks-4f4795d</c>).
/// </summary>
internal static partial class GoSemverConstraint
{
    private const string Cv = @"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
    private const string Ops = @"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";
    private const string Sp = @"[\t\n\f\r ]";

    [GeneratedRegex("^" + Sp + "*(" + Ops + ")" + Sp + "*(" + Cv + ")" + Sp + "*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Term();

    [GeneratedRegex(Sp + "*(" + Cv + ")" + Sp + "+-" + Sp + "+(" + Cv + ")" + Sp + "*", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Range();

    [GeneratedRegex("(" + Ops + ")" + Sp + "*(" + Cv + ")", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Find();

    [GeneratedRegex("^(" + Sp + "*(" + Ops + ")" + Sp + "*(" + Cv + ")" + Sp + "*)((?:" + Sp + "+|," + Sp + "*)(" + Ops + ")" + Sp + "*(" + Cv + ")" + Sp + "*)*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Valid();

    /// <summary>One term: the version it names, its operator and which parts were wildcards.</summary>
    internal sealed record Constraint(GoSemver Con, string Orig, string Op, bool MinorDirty, bool PatchDirty, bool Dirty);

    /// <summary>Whether <paramref name="version"/> meets the parsed constraint (<c>Constraints.Check</c>).</summary>
    public static bool Check(List<List<Constraint>> constraint, GoSemver version) =>
        constraint.Any(all => all.All(c => Matches(version, c)));

    /// <summary><c>semver.NewConstraint</c>; fails with its error text.</summary>
    public static List<List<Constraint>> Parse(string text)
    {
        try
        {
            return ParseUnbounded(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw Improper(text);
        }
    }

    private static List<List<Constraint>> ParseUnbounded(string text)
    {
        foreach (Match m in Range().Matches(text))
        {
            var at = text.IndexOf(m.Value, StringComparison.Ordinal);
            text = text[..at] + $">= {m.Groups[1].Value}, <= {m.Groups[11].Value}" + text[(at + m.Value.Length)..];
        }
        var result = new List<List<Constraint>>();
        foreach (var alternative in text.Split("||"))
        {
            if (!Valid().IsMatch(alternative) || alternative.EndsWith('\n')) throw Improper(alternative);
            var terms = Find().Matches(alternative).Select(m => m.Value).ToList();
            if (terms.Count == 0) terms.Add(alternative);
            result.Add(terms.Select(ParseTerm).ToList());
        }
        return result;
    }

    /// <summary>
    /// Characters of a constraint quoted in an error: Go quotes it whole, which a 500 KB constraint from a values file
    /// would turn into a 500 KB error; up to this length the text is Go's.
    /// </summary>
    public const int MaxEcho = 200;

    /// <summary>semver's "improper constraint: …", the constraint cut to <see cref="MaxEcho"/> characters.</summary>
    private static TemplateFunctionException Improper(string constraint) =>
        new("improper constraint: " + Echo.Truncated(constraint, MaxEcho));

    private static bool IsX(string s) => s is "x" or "*" or "X";

    private static Constraint ParseTerm(string c)
    {
        if (c.Length == 0) return new Constraint(new GoSemver(0, 0, 0, "", "", "0.0.0"), c, "", false, false, true);
        var m = Term().Match(c);
        if (!m.Success) throw Improper(c);
        var (major, minor, patch, pre) = (m.Groups[3].Value, m.Groups[4].Value, m.Groups[5].Value, m.Groups[6].Value);
        var ver = m.Groups[2].Value;
        bool minorDirty = false, patchDirty = false, dirty = false;
        if (IsX(major) || major.Length == 0)
        {
            ver = "0.0.0" + pre;
            dirty = true;
        }
        else if (IsX(minor.TrimStart('.')) || minor.Length == 0)
        {
            (minorDirty, dirty) = (true, true);
            ver = major + ".0.0" + pre;
        }
        else if (IsX(patch.TrimStart('.')) || patch.Length == 0)
        {
            (dirty, patchDirty) = (true, true);
            ver = major + minor + ".0" + pre;
        }
        GoSemver con;
        try
        {
            con = GoSemver.Parse(ver);
        }
        catch (GoException)
        {
            throw new TemplateFunctionException("constraint Parser Error");
        }
        return new Constraint(con, m.Groups[2].Value, m.Groups[1].Value, minorDirty, patchDirty, dirty);
    }

    private static bool Matches(GoSemver v, Constraint c)
    {
        if (c.Op != "!=" && v.Pre.Length > 0 && c.Con.Pre.Length == 0) return false;
        return c.Op switch
        {
            "" or "=" => c.Dirty ? Tilde(v, c) : v.Compare(c.Con) == 0,
            "!=" => NotEqual(v, c),
            ">" => GreaterThan(v, c),
            "<" => v.Compare(c.Con) < 0,
            ">=" or "=>" => v.Compare(c.Con) >= 0,
            "<=" or "=<" => LessThanEqual(v, c),
            "~" or "~>" => Tilde(v, c),
            "^" => Caret(v, c),
            _ => false,
        };
    }

    private static bool NotEqual(GoSemver v, Constraint c)
    {
        if (c.Dirty)
        {
            if (v.Pre.Length > 0 && c.Con.Pre.Length == 0) return false;
            if (c.Con.Major != v.Major) return true;
            if (c.Con.Minor != v.Minor && !c.MinorDirty) return true;
            if (c.MinorDirty) return false;
            if (c.Con.Patch != v.Patch && !c.PatchDirty) return true;
            if (c.PatchDirty)
            {
                return (v.Pre.Length > 0 || c.Con.Pre.Length > 0) && GoSemver.ComparePrerelease(v.Pre, c.Con.Pre) != 0;
            }
        }
        return v.Compare(c.Con) != 0;
    }

    private static bool GreaterThan(GoSemver v, Constraint c)
    {
        if (!c.Dirty) return v.Compare(c.Con) == 1;
        if (v.Major > c.Con.Major) return true;
        if (v.Major < c.Con.Major || c.MinorDirty) return false;
        if (c.PatchDirty) return v.Minor > c.Con.Minor;
        return v.Compare(c.Con) == 1;
    }

    private static bool LessThanEqual(GoSemver v, Constraint c)
    {
        if (!c.Dirty) return v.Compare(c.Con) <= 0;
        if (v.Major > c.Con.Major) return false;
        return !(v.Major == c.Con.Major && v.Minor > c.Con.Minor && !c.MinorDirty);
    }

    private static bool Tilde(GoSemver v, Constraint c)
    {
        if (v.Compare(c.Con) < 0) return false;
        if (c.Con.Major == 0 && c.Con.Minor == 0 && c.Con.Patch == 0 && !c.MinorDirty && !c.PatchDirty) return true;
        if (v.Major != c.Con.Major) return false;
        return v.Minor == c.Con.Minor || c.MinorDirty;
    }

    private static bool Caret(GoSemver v, Constraint c)
    {
        if (v.Compare(c.Con) < 0) return false;
        if (c.Con.Major > 0 || c.MinorDirty) return v.Major == c.Con.Major;
        if (v.Major > 0) return false;
        if (c.Con.Minor > 0 || c.PatchDirty) return v.Minor == c.Con.Minor;
        if (v.Minor > 0) return false;
        return c.Con.Patch == v.Patch;
    }
}
