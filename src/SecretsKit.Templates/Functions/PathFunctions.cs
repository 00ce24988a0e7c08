using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's path functions: Go's <c>path</c> package (<c>base dir clean ext isAbs</c>, slash-separated) and <c>path/filepath</c>
/// (<c>osBase osDir osClean osExt osIsAbs</c>), which on Linux, where Go and SecretsKit run these, is the same.
/// </summary>
internal static class PathFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        foreach (var prefix in new[] { "", "os" })
        {
            t[Name(prefix, "base")] = c => Base(c.Exactly(1).String(0));
            t[Name(prefix, "dir")] = c => Dir(c.Exactly(1).String(0));
            t[Name(prefix, "clean")] = c => Clean(c.Exactly(1).String(0));
            t[Name(prefix, "ext")] = c => Ext(c.Exactly(1).String(0));
            t[Name(prefix, "isAbs")] = c => c.Exactly(1).String(0).StartsWith('/');
        }
    }

    private static string Name(string prefix, string name) => prefix.Length == 0 ? name : prefix + char.ToUpperInvariant(name[0]) + name[1..];

    private static string Base(string p)
    {
        if (p.Length == 0) return ".";
        p = p.TrimEnd('/');
        if (p.Length == 0) return "/";
        var i = p.LastIndexOf('/');
        return i >= 0 ? p[(i + 1)..] : p;
    }

    private static string Dir(string p)
    {
        var i = p.LastIndexOf('/');
        return Clean(p[..(i + 1)]);
    }

    private static string Ext(string p)
    {
        for (var i = p.Length - 1; i >= 0 && p[i] != '/'; i--)
        {
            if (p[i] == '.') return p[i..];
        }
        return "";
    }

    /// <summary>Go's <c>path.Clean</c>: lexical, <c>.</c> and <c>..</c> resolved, slashes collapsed, "" as ".".</summary>
    public static string Clean(string p)
    {
        if (p.Length == 0) return ".";
        var rooted = p[0] == '/';
        var parts = new List<string>();
        foreach (var part in p.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (!rooted) parts.Add("..");
                continue;
            }
            parts.Add(part);
        }
        var joined = string.Join("/", parts);
        if (rooted) return "/" + joined;
        return joined.Length == 0 ? "." : joined;
    }
}
