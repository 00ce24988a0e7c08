using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Deploy.UnitTest.Running;

/// <summary>
/// Files matching a glob as helm-unittest expands <c>-f</c> (relative to the chart) and <c>-v</c> (relative to the
/// working directory): <c>*</c>, <c>?</c> and <c>[…]</c> within a path segment, <c>**</c> for any depth; an absolute
/// path without wildcards is taken as it is. Matches come in lexical order; symbolic links to directories are not entered.
/// </summary>
internal static class SuiteFiles
{
    private const int MaxMatches = 10_000;

    public static List<string> Find(string baseDirectory, string pattern)
    {
        var full = Path.GetFullPath(Path.IsPathRooted(pattern) ? pattern : Path.Combine(baseDirectory, pattern)); // .. taken lexically, as Go's filepath.Join
        if (!full.Contains('*', StringComparison.Ordinal) && !full.Contains('?', StringComparison.Ordinal) && !full.Contains('[', StringComparison.Ordinal))
            return Path.IsPathRooted(pattern) || File.Exists(full) ? [full] : [];
        var segments = full.Split('/');
        var fixedCount = segments.TakeWhile(s => !IsWild(s)).Count();
        var root = string.Join('/', segments.Take(fixedCount));
        if (root.Length == 0) root = "/";
        var regex = new Regex("^" + Pattern(segments.Skip(fixedCount).ToList()) + "$", RegexOptions.CultureInvariant);
        if (!Directory.Exists(root)) return [];
        var found = new List<string>();
        foreach (var file in Enumerate(root))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (regex.IsMatch(relative)) found.Add(file);
            if (found.Count > MaxMatches) break;
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static IEnumerable<string> Enumerate(string root)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        return Directory.EnumerateFiles(root, "*", options);
    }

    private static string Pattern(List<string> segments)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            if (segments[i] == "**") sb.Append(last ? ".*" : "(?:[^/]+/)*");
            else sb.Append(Segment(segments[i])).Append(last ? "" : "/");
        }
        return sb.ToString();
    }

    private static bool IsWild(string segment) => segment.IndexOfAny(['*', '?', '[']) >= 0;

    private static string Segment(string segment)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c == '*') sb.Append("[^/]*");
            else if (c == '?') sb.Append("[^/]");
            else if (c == '[' && segment.IndexOf(']', i + 1) is var close && close > i)
            {
                var set = segment[(i + 1)..close];
                sb.Append('[').Append(set.StartsWith('^') || set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = close;
            }
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return sb.ToString();
    }
}
