using System.Text.RegularExpressions;
using SecretsKit.Core.Tree;

namespace SecretsKit.Core.Tests.Crypto.Support;

/// <summary>
/// Just enough parsing of the simple fixture files (dotenv lines; YAML with top-level comments, scalars and one
/// level of nesting) to build their trees and read the metadata fields the cipher tests need.
/// </summary>
internal static partial class SimpleFixtureTrees
{
    /// <summary>A dotenv file: <c>#comment</c> lines and <c>KEY=VALUE</c> lines; <c>sops_*</c> lines are metadata.</summary>
    public static (SopsTree Tree, Dictionary<string, string> Sops) Dotenv(string text)
    {
        var items = new List<TreeItem>();
        var sops = new Dictionary<string, string>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                items.Add(TreeItem.Comment(line[1..]));
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..eq];
            var value = line[(eq + 1)..];
            if (key.StartsWith("sops_", StringComparison.Ordinal)) sops[key[5..]] = value.Replace("\\n", "\n", StringComparison.Ordinal);
            else items.Add(new TreeItem(key, new StringValue(value)));
        }
        return (new SopsTree([new TreeBranch(items)]), sops);
    }

    /// <summary>
    /// An INI file: <c>[section]</c> headers, <c>key = value</c> lines and <c>;</c> comments (a comment before a header
    /// belongs to that section, with the leading "; " stripped as sops' INI store does); <c>[sops]</c> is metadata.
    /// </summary>
    public static (SopsTree Tree, Dictionary<string, string> Sops) Ini(string text)
    {
        var sections = new List<TreeItem>();
        var sops = new Dictionary<string, string>();
        var pending = new List<TreeItem>();
        List<TreeItem>? current = null;
        var inSops = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith(';') || line.StartsWith('#'))
            {
                pending.Add(TreeItem.Comment(line.TrimStart(';', '#', ' ')));
                continue;
            }
            if (line.StartsWith('['))
            {
                var name = line[1..^1];
                inSops = name == "sops";
                current = [.. pending];
                pending.Clear();
                if (!inSops) sections.Add(new TreeItem(name, new TreeBranch(current)));
                continue;
            }
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (inSops) sops[key] = value.Replace("\\n", "\n", StringComparison.Ordinal);
            else current!.Add(new TreeItem(key, new StringValue(value)));
        }
        return (new SopsTree([new TreeBranch(sections)]), sops);
    }

    /// <summary>The data part of a simple sops YAML file (everything before <c>sops:</c>).</summary>
    public static SopsTree Yaml(string text)
    {
        var lines = text.Split('\n');
        var items = new List<TreeItem>();
        var i = 0;
        while (i < lines.Length && !lines[i].StartsWith("sops:", StringComparison.Ordinal))
        {
            var line = lines[i++];
            if (line.Length == 0) continue;
            if (line.StartsWith('#'))
            {
                items.Add(TreeItem.Comment(line[1..]));
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = line[..colon];
            var rest = line[(colon + 1)..].Trim();
            if (rest.Length > 0)
            {
                items.Add(new TreeItem(key, new StringValue(rest)));
                continue;
            }
            var block = new List<string>();
            while (i < lines.Length && lines[i].StartsWith("    ", StringComparison.Ordinal)) block.Add(lines[i++].Trim());
            if (block.Count > 0 && block[0].StartsWith("- ", StringComparison.Ordinal))
            {
                items.Add(new TreeItem(key, new Sequence(block.Select(b => (TreeNode)new StringValue(b[2..])).ToList())));
            }
            else
            {
                items.Add(new TreeItem(key, new TreeBranch(block.Select(b =>
                {
                    var c = b.IndexOf(':', StringComparison.Ordinal);
                    return new TreeItem(b[..c], new StringValue(b[(c + 1)..].Trim()));
                }).ToList())));
            }
        }
        return new SopsTree([new TreeBranch(items)]);
    }

    /// <summary>A top-level scalar of the YAML <c>sops:</c> block (quotes removed), e.g. <c>mac</c> or <c>lastmodified</c>.</summary>
    public static string YamlSopsField(string text, string field)
    {
        var m = Regex.Match(text, "^    " + field + @": (.*)$", RegexOptions.Multiline);
        Assert.True(m.Success, $"no sops.{field} in the fixture");
        return m.Groups[1].Value.Trim().Trim('"', '\'');
    }

    /// <summary>Every armored block of the given kind (e.g. "AGE ENCRYPTED FILE", "PGP MESSAGE") in a YAML file, indentation removed.</summary>
    public static List<string> ArmoredBlocks(string text, string kind)
    {
        var pattern = "-----BEGIN " + kind + "-----.*?-----END " + kind + "-----";
        return Regex.Matches(text, pattern, RegexOptions.Singleline)
            .Select(m => string.Join('\n', m.Value.Split('\n').Select(l => l.Trim())) + "\n")
            .ToList();
    }
}
