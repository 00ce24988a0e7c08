using System.Globalization;
using System.Text;
using SecretsKit.Core.Platform;
using SecretsKit.Deploy.Refs;

namespace SecretsKit.Deploy.Helm;

/// <summary>
/// Moves every <c>--set</c>/<c>--set-string</c> item whose value is a <c>ref+…</c> reference into a generated values
/// file in a private temp dir, so a resolved secret never appears on helm's command line (visible to every local
/// user in the process list). The file is passed as the last <c>--values</c> (before any <c>--</c>), so it overrides
/// every <c>-f</c> file as a <c>--set</c> would.
/// <para>
/// Order: helm applies <c>--set</c> items after all values files, a later item for the same key winning. A moved item
/// therefore stays above every <c>-f</c> file, and a literal <c>--set</c> of the exact same key written before it is
/// dropped (the ref would have won); a literal written after it still wins. A literal that sets a parent or child
/// of a moved key (<c>a</c> vs <c>a.b</c>) is merged by helm as usual. <c>--set-json</c>, <c>--set-literal</c> and
/// refs inside lists (<c>{a,ref+…}</c>) are left to helm unchanged.
/// </para>
/// </summary>
public static class SetRefRewriter
{
    private static readonly string[] Flags = { "--set", "--set-string" };

    /// <summary>The rewritten arguments and the generated file (disposed by the caller after helm exits).</summary>
    public static async Task<SetRefValues> RewriteAsync(IReadOnlyList<string> args, RefResolver resolver, CancellationToken cancellationToken)
    {
        var items = Scan(args);
        var moved = items.Where(i => i.IsRef).ToList();
        if (moved.Count == 0) return new SetRefValues(args, null, null, 0);
        var document = new SetValuesDocument();
        var dropped = new HashSet<SetItem>();
        foreach (var item in moved)
        {
            var path = SetKeyPath.Parse(item.Key);
            var resolved = await resolver.ResolveAsync(item.Value, cancellationToken);
            var typed = !item.ForceString && (resolved.Typed ? resolved.Text != "" : LooksTypedToHelm(resolved.Text));
            document.Set(path, resolved.Text, typed);
            dropped.Add(item);
            // an earlier literal for the same key would have lost to this item
            foreach (var earlier in items.Where(i => i.Order < item.Order && !i.IsRef && i.Key == item.Key)) dropped.Add(earlier);
        }
        var temp = PrivateTempDirectory.Create("secretskit-set-");
        try
        {
            var file = temp.WriteFile("set-refs.yaml", Encoding.UTF8.GetBytes(document.ToYaml()));
            var output = Rebuild(args, items, dropped);
            var end = output.IndexOf("--");
            output.InsertRange(end < 0 ? output.Count : end, new[] { "--values", file });
            return new SetRefValues(output, file, temp, moved.Count);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }

    /// <summary>helm's strvals typing for <c>--set</c>: true/false, null and integers without leading zeros; all else is a string.</summary>
    internal static bool LooksTypedToHelm(string text) =>
        text is "true" or "false" or "null"
        || (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            && !(text.TrimStart('-').Length > 1 && text.TrimStart('-')[0] == '0'));

    /// <summary>One <c>key=value</c> item of a --set flag: which argument it is in and where.</summary>
    private sealed record SetItem(int Arg, int Position, int Order, string Raw, string Key, string Value, bool ForceString)
    {
        public bool IsRef => RefUri.IsRef(Value);
    }

    private static List<SetItem> Scan(IReadOnlyList<string> args)
    {
        var items = new List<SetItem>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--") break;
            string? list = null;
            var at = i;
            var forceString = false;
            foreach (var flag in Flags)
            {
                if (arg == flag && i + 1 < args.Count)
                {
                    at = ++i;
                    list = args[at];
                }
                else if (arg.StartsWith(flag + "=", StringComparison.Ordinal))
                {
                    list = arg[(flag.Length + 1)..];
                }
                if (list is null) continue;
                forceString = flag == "--set-string";
                break;
            }
            if (list is null) continue;
            var position = 0;
            foreach (var raw in SplitItems(list))
            {
                var eq = IndexOfUnescaped(raw, '=');
                var key = eq < 0 ? raw : raw[..eq];
                var value = eq < 0 ? "" : Unescape(raw[(eq + 1)..]);
                items.Add(new SetItem(at, position++, items.Count, raw, key, eq < 0 ? "" : value, forceString));
            }
        }
        return items;
    }

    private static List<string> Rebuild(IReadOnlyList<string> args, List<SetItem> items, HashSet<SetItem> dropped)
    {
        var output = new List<string>(args.Count + 2);
        for (var i = 0; i < args.Count; i++)
        {
            var inArg = items.Where(it => it.Arg == i).ToList();
            if (inArg.Count == 0 || !inArg.Any(dropped.Contains))
            {
                output.Add(args[i]);
                continue;
            }
            var kept = string.Join(',', inArg.Where(it => !dropped.Contains(it)).Select(it => it.Raw));
            var prefix = Flags.FirstOrDefault(f => args[i].StartsWith(f + "=", StringComparison.Ordinal));
            if (prefix is not null)
            {
                if (kept.Length > 0) output.Add(prefix + "=" + kept);
            }
            else if (kept.Length > 0)
            {
                output.Add(kept);
            }
            else
            {
                output.RemoveAt(output.Count - 1); // the flag whose every item moved
            }
        }
        return output;
    }

    private static List<string> SplitItems(string list)
    {
        var items = new List<string>();
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] == '\\')
            {
                i++;
                continue;
            }
            if (list[i] != ',') continue;
            items.Add(list[start..i]);
            start = i + 1;
        }
        items.Add(list[start..]);
        return items;
    }

    private static int IndexOfUnescaped(string text, char c)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\') i++;
            else if (text[i] == c) return i;
        }
        return -1;
    }

    private static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) i++;
            sb.Append(value[i]);
        }
        return sb.ToString();
    }
}
