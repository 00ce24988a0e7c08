using System.Text;
using System.Text.RegularExpressions;

namespace SecretsKit.Core.Operations;

/// <summary>
/// <see cref="PrivateKeyFinder.AllowFile"/> at the scanned directory's root: one glob per line (relative to that root,
/// <c>*</c> within a path part, <c>**</c> across parts, a trailing <c>/</c> for a whole folder, <c>#</c> comments) naming
/// files that may hold private keys on purpose, such as keys published for tests and demos.
/// </summary>
public sealed class ScanAllowList
{
    private readonly List<Regex> _patterns;

    private ScanAllowList(List<Regex> patterns) => _patterns = patterns;

    public static ScanAllowList Load(string root)
    {
        var path = Path.Combine(root, PrivateKeyFinder.AllowFile);
        if (!File.Exists(path)) return new ScanAllowList([]);
        return new ScanAllowList(File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(ToRegex)
            .ToList());
    }

    public bool Allows(string relative) => _patterns.Any(p => p.IsMatch(relative));

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
