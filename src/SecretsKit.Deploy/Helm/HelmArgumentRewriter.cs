using System.Text;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Finds and rewrites the value-file arguments of a helm command line: <c>-f</c>/<c>--values</c> (forms
/// <c>-f v</c>, <c>-fv</c>, <c>-f=v</c>, <c>--values v</c>, <c>--values=v</c>, comma lists with <c>\,</c> escapes) and
/// the paths of <c>--set-file key=path[,key=path]</c>. Every other argument, and every list item the mapping leaves
/// unchanged, is passed through byte-identical. Nothing after <c>--</c> is touched.
/// </summary>
public static class HelmArgumentRewriter
{
    /// <summary>The value-file specs (unescaped, with any <c>?</c>/<c>secrets://</c> prefix kept) in order of appearance.</summary>
    public static IReadOnlyList<string> ValueFiles(IReadOnlyList<string> args)
    {
        var found = new List<string>();
        Rewrite(args, spec =>
        {
            found.Add(spec);
            return spec;
        });
        return found;
    }

    /// <summary>
    /// Rewrites value-file items: <paramref name="map"/> returns the replacement path, the spec itself to keep the item
    /// as written, or null to drop the item (a flag whose every item is dropped is dropped with its value).
    /// </summary>
    public static IReadOnlyList<string> Rewrite(IReadOnlyList<string> args, Func<string, string?> map)
    {
        var output = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                output.AddRange(args.Skip(i));
                break;
            }
            if (arg is "-f" or "--values" or "--set-file")
            {
                if (i + 1 >= args.Count)
                {
                    output.Add(arg);
                    continue;
                }
                var list = RewriteList(args[++i], arg == "--set-file", map);
                if (list is not null)
                {
                    output.Add(arg);
                    output.Add(list);
                }
                continue;
            }
            var prefix = LongPrefix(arg) ?? ShortPrefix(arg);
            if (prefix is not null)
            {
                var list = RewriteList(arg[prefix.Length..], arg.StartsWith("--set-file=", StringComparison.Ordinal), map);
                if (list is not null) output.Add(prefix + list);
                continue;
            }
            output.Add(arg);
        }
        return output;
    }

    private static string? LongPrefix(string arg) =>
        arg.StartsWith("--values=", StringComparison.Ordinal) ? "--values="
        : arg.StartsWith("--set-file=", StringComparison.Ordinal) ? "--set-file="
        : null;

    /// <summary><c>-f=v</c> and <c>-fv</c> (pflag shorthand forms).</summary>
    private static string? ShortPrefix(string arg) =>
        arg.Length > 2 && arg.StartsWith("-f", StringComparison.Ordinal)
            ? arg[2] == '=' ? "-f=" : "-f"
            : null;

    /// <summary>Rewrites one comma list; null when every item was dropped.</summary>
    private static string? RewriteList(string value, bool setFile, Func<string, string?> map)
    {
        var items = SplitUnescaped(value);
        var kept = new List<string>(items.Count);
        foreach (var item in items)
        {
            var key = "";
            var raw = item;
            if (setFile)
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    kept.Add(item);
                    continue;
                }
                key = item[..(eq + 1)];
                raw = item[(eq + 1)..];
            }
            var spec = Unescape(raw);
            var mapped = map(spec);
            if (mapped is null) continue;
            kept.Add(mapped == spec ? item : key + Escape(mapped));
        }
        return kept.Count == 0 ? null : string.Join(',', kept);
    }

    private static List<string> SplitUnescaped(string value)
    {
        var items = new List<string>();
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                i++;
                continue;
            }
            if (value[i] == ',')
            {
                items.Add(value[start..i]);
                start = i + 1;
            }
        }
        items.Add(value[start..]);
        return items;
    }

    private static string Unescape(string raw) => raw.Replace("\\,", ",", StringComparison.Ordinal);

    private static string Escape(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c == ',') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }
}
