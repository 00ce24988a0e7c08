using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Deploy.Input;

namespace SecretsKit.Deploy.Charts;

/// <summary>
/// A chart's <c>.helmignore</c> as helm's loader applies it: one rule a line (blank lines and <c>#</c> comments
/// skipped), then helm's default <c>templates/.?*</c>; rules in order, the first match decides. A rule is a Go
/// <c>filepath.Match</c> pattern: without a <c>/</c> it matches the base name, with one the chart-relative path (a
/// leading <c>/</c> is dropped); a trailing <c>/</c> matches only directories; a leading <c>!</c> makes the rule, as
/// helm has it, ignore every path it does not match and stop at one it does. <c>**</c> is refused, as helm refuses it.
/// A path is ignored when it or any folder above it is.
/// </summary>
internal sealed class HelmIgnore
{
    private readonly List<(Regex Match, bool BaseName, bool Negate, bool MustDir)> _rules = [];

    private HelmIgnore(IEnumerable<string> lines)
    {
        foreach (var line in lines.Append("templates/.?*"))
        {
            var rule = line.Trim();
            if (rule.Length == 0 || rule.StartsWith('#')) continue;
            if (rule.Contains("**", StringComparison.Ordinal)) throw new ChartIgnoreException("double-star (**) syntax is not supported");
            var negate = rule.StartsWith('!');
            if (negate) rule = rule[1..];
            var mustDir = rule.EndsWith('/');
            if (mustDir) rule = rule[..^1];
            var baseName = !rule.Contains('/', StringComparison.Ordinal);
            _rules.Add((GoPathPattern(rule.TrimStart('/')), baseName, negate, mustDir));
        }
    }

    /// <summary>The rules of <paramref name="chartDirectory"/>'s <c>.helmignore</c> (none when absent) plus helm's default.</summary>
    public static HelmIgnore ForChart(string chartDirectory)
    {
        var file = Path.Combine(chartDirectory, ".helmignore");
        return new HelmIgnore(File.Exists(file) ? BoundedFile.ReadText(file, file).Split('\n') : []);
    }

    /// <summary>Whether helm leaves out the file at <paramref name="relativePath"/> (chart-relative, <c>/</c>-separated).</summary>
    public bool IgnoresFile(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var i = 1; i < parts.Length; i++)
        {
            if (Ignores(string.Join('/', parts[..i]), isDirectory: true)) return true;
        }
        return Ignores(relativePath, isDirectory: false);
    }

    /// <summary>Whether helm's loader, walking the chart, leaves out the file or folder at <paramref name="path"/> (chart-relative, <c>/</c>-separated; its folders already kept).</summary>
    public bool Ignores(string path, bool isDirectory)
    {
        foreach (var (match, baseName, negate, mustDir) in _rules)
        {
            var subject = baseName ? path[(path.LastIndexOf('/') + 1)..] : path;
            if (negate)
            {
                if (mustDir && !isDirectory) return true;
                if (!match.IsMatch(subject)) return true;
                continue;
            }
            if (mustDir && !isDirectory) continue;
            if (match.IsMatch(subject)) return true;
        }
        return false;
    }

    /// <summary>Go's <c>filepath.Match</c> pattern as an anchored regular expression (<c>*</c> and <c>?</c> stop at <c>/</c>; classes, ranges, <c>^</c> negation, <c>\</c> escapes).</summary>
    internal static Regex GoPathPattern(string pattern)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '\\') sb.Append(Escaped(pattern, ref i));
            else if (c == '[') i = Class(pattern, i, sb);
            else sb.Append(Literal(c));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    /// <summary>A character class from <c>[</c> at <paramref name="start"/>; returns the index of its <c>]</c>.</summary>
    private static int Class(string pattern, int start, StringBuilder sb)
    {
        var i = start + 1;
        sb.Append('[');
        if (i < pattern.Length && pattern[i] == '^') { sb.Append('^'); i++; }
        var ranges = 0;
        while (true)
        {
            if (i >= pattern.Length) throw new ChartIgnoreException("syntax error in pattern");
            if (pattern[i] == ']' && ranges > 0) break;
            var lo = ClassChar(pattern, ref i);
            sb.Append(Literal(lo));
            if (i < pattern.Length && pattern[i] == '-')
            {
                i++;
                var hi = ClassChar(pattern, ref i);
                if (hi < lo) throw new ChartIgnoreException("syntax error in pattern");
                sb.Append('-').Append(Literal(hi));
            }
            ranges++;
        }
        sb.Append(']');
        return i;
    }

    private static char ClassChar(string pattern, ref int i)
    {
        if (i >= pattern.Length || pattern[i] is '-' or ']') throw new ChartIgnoreException("syntax error in pattern");
        if (pattern[i] == '\\') i++;
        if (i >= pattern.Length) throw new ChartIgnoreException("syntax error in pattern");
        return pattern[i++];
    }

    private static string Escaped(string pattern, ref int i)
    {
        if (++i >= pattern.Length) throw new ChartIgnoreException("syntax error in pattern");
        return Literal(pattern[i]);
    }

    private static string Literal(char c) => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
}
