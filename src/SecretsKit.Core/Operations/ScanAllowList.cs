using System.Text;
using System.Text.RegularExpressions;
using SecretsKit.Core.Platform;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <see cref="PrivateKeyFinder.AllowFile"/> at the scanned directory's root: one glob per line (relative to that root,
/// <c>*</c> within a path part, <c>**</c> across parts, a trailing <c>/</c> for a whole folder, <c>#</c> comments) naming
/// files that may hold private keys and credentials on purpose, such as keys published for tests and demos; a glob
/// followed by rule IDs (<c>docs/** jwt generic-api-key</c>) allows only those rules' findings there.
/// </summary>
public sealed class ScanAllowList
{
    /// <summary>Largest allow file read: far above any real list (a larger one is refused, naming it).</summary>
    private const long MaxBytes = 1 << 20;

    /// <summary>Most lines used: a hostile list cannot make every path's match cost much.</summary>
    private const int MaxLines = 10_000;

    private readonly List<(Regex Glob, HashSet<string>? Rules)> _entries;

    private ScanAllowList(List<(Regex, HashSet<string>?)> entries) => _entries = entries;

    public static ScanAllowList Load(string root)
    {
        var path = Path.Combine(root, PrivateKeyFinder.AllowFile);
        if (!File.Exists(path)) return new ScanAllowList([]);
        return Parse(Encoding.UTF8.GetString(BoundedInput.ReadFile(path, PrivateKeyFinder.AllowFile, MaxBytes)));
    }

    /// <summary>The list an allow file's <paramref name="text"/> gives.</summary>
    public static ScanAllowList Parse(string text)
    {
        return new ScanAllowList(text.Split('\n')
            .Take(MaxLines)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(Entry)
            .ToList());
    }

    /// <summary>Every rule's findings are allowed in <paramref name="relative"/>.</summary>
    public bool Allows(string relative) => _entries.Any(e => e.Rules is null && e.Glob.IsMatch(relative));

    /// <summary>The findings of rule <paramref name="ruleId"/> are allowed in <paramref name="relative"/>.</summary>
    public bool Allows(string relative, string ruleId) =>
        _entries.Any(e => (e.Rules is null || e.Rules.Contains(ruleId)) && e.Glob.IsMatch(relative));

    private static (Regex, HashSet<string>?) Entry(string line)
    {
        var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        return (ToRegex(words[0]), words.Length == 1 ? null : words[1..].ToHashSet(StringComparer.Ordinal));
    }

    private static Regex ToRegex(string glob)
    {
        var folder = glob.EndsWith('/');
        var pattern = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slash = i + 2 < glob.Length && glob[i + 2] == '/';
                pattern.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (glob[i] == '*') pattern.Append("[^/]*");
            else if (glob[i] == '?') pattern.Append("[^/]");
            else pattern.Append(Regex.Escape(glob[i].ToString()));
        }
        pattern.Append(folder ? ".*$" : "$");
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
