using System.Globalization;
using System.Text;
using SecretsKit.Core.Crypto;
using SecretsKit.Core.Formats.Yaml;
using SecretsKit.Core.Tree;
using YamlDotNet.Core;

namespace SecretsKit.Core.Formats.YamlPreserving;

/// <summary>
/// Writes a new value into the place of an old scalar token: in the token's own style (plain, single, double,
/// literal block) when the value allows it, else as sops would write it, else double-quoted. Every single-line
/// candidate is checked by parsing it back in the same context (block or flow).
/// </summary>
internal sealed class PreservingScalarWriter(YamlSourceMap map, string text)
{
    private static readonly YamlFormat Canonical = new(4);

    public string Render(SourceScalar old, TreeNode value)
    {
        if (value is StringValue s)
        {
            foreach (var style in PreferredStyles(old, s.Value))
            {
                var candidate = style switch
                {
                    ScalarStyle.Plain => s.Value,
                    ScalarStyle.SingleQuoted => s.Value.Contains('\n', StringComparison.Ordinal) ? null : "'" + s.Value.Replace("'", "''", StringComparison.Ordinal) + "'",
                    ScalarStyle.DoubleQuoted => DoubleQuoted(s.Value),
                    ScalarStyle.Literal or ScalarStyle.Folded => old.InFlow ? null : Literal(old, s.Value),
                    _ => null,
                };
                if (candidate is null) continue;
                if (style is ScalarStyle.Literal or ScalarStyle.Folded) return candidate;
                if (Parses(candidate, value, old.InFlow)) return candidate;
            }
        }
        var canonical = CanonicalText(value);
        if (canonical is not null && !canonical.Contains('\n', StringComparison.Ordinal) && Parses(canonical, value, old.InFlow)) return canonical;
        if (value is StringValue multi && multi.Value.Contains('\n', StringComparison.Ordinal) && !old.InFlow && Literal(old, multi.Value) is { } block) return block;
        if (value is StringValue str) return DoubleQuoted(str.Value);
        return canonical is not null && Parses(canonical, value, old.InFlow) ? canonical
            : throw new InvalidOperationException("value cannot be written in place");
    }

    /// <summary>
    /// The token's style first. An encrypted value inside a flow collection must be quoted; on the way back a
    /// double-quoted ENC string there was quoted only for that reason, so plain comes first again.
    /// </summary>
    private static IEnumerable<ScalarStyle> PreferredStyles(SourceScalar old, string value)
    {
        if (old.InFlow && EncryptedValue.LooksEncrypted(old.Value) && old.Style == ScalarStyle.DoubleQuoted) yield return ScalarStyle.Plain;
        if (old.InFlow && EncryptedValue.LooksEncrypted(value) && old.Style == ScalarStyle.Plain) yield return ScalarStyle.DoubleQuoted;
        yield return old.Style;
    }

    private static bool Parses(string candidate, TreeNode expected, bool inFlow)
    {
        var doc = inFlow ? "k: [" + candidate + "]\n" : "k: " + candidate + "\n";
        try
        {
            var tree = Canonical.ParsePlain(Encoding.UTF8.GetBytes(doc));
            var parsed = tree.Branches.Count == 1 ? tree.Branches[0].Get("k") : null;
            if (inFlow) parsed = parsed is Sequence { Items.Count: 1 } seq ? seq.Items[0] : null;
            return expected.Equals(parsed);
        }
        catch (Errors.SecretsKitException)
        {
            return false;
        }
    }

    /// <summary>How sops writes the value after <c>k: </c>.</summary>
    private static string? CanonicalText(TreeNode value)
    {
        var emitted = Encoding.UTF8.GetString(Canonical.EmitPlain(new SopsTree([new TreeBranch([new TreeItem("k", value)])])));
        return emitted.StartsWith("k: ", StringComparison.Ordinal) ? emitted[3..].TrimEnd('\n') : null;
    }

    /// <summary>A literal block (<c>|</c> or <c>|-</c>) at the old block's content indentation, or one step deeper than its line.</summary>
    private string? Literal(SourceScalar old, string value)
    {
        if (!value.Contains('\n', StringComparison.Ordinal) || value.EndsWith("\n\n", StringComparison.Ordinal) || value.StartsWith(' ') || value.StartsWith('\n')) return null;
        var header = value.EndsWith('\n') ? "|" : "|-";
        var body = value.EndsWith('\n') ? value[..^1] : value;
        if (body.Split('\n').Any(l => l.Length > 0 && !l.Any(c => c is not (' ' or '\t')))) return null;
        var indent = ExistingBlockIndent(old) ?? map.LineIndentOf(old.Start) + map.Indent;
        var pad = new string(' ', indent);
        var sb = new StringBuilder(header);
        foreach (var line in body.Split('\n'))
        {
            sb.Append('\n');
            if (line.Length > 0) sb.Append(pad).Append(line);
        }
        return sb.ToString();
    }

    private int? ExistingBlockIndent(SourceScalar old)
    {
        if (old.Style is not (ScalarStyle.Literal or ScalarStyle.Folded)) return null;
        var i = map.LineEndAfter(old.Start);
        while (i < old.End && i < text.Length)
        {
            var start = i;
            while (i < text.Length && text[i] == ' ') i++;
            if (i < text.Length && text[i] != '\n') return i - start;
            i = map.LineEndAfter(i);
        }
        return null;
    }

    private static string DoubleQuoted(string value)
    {
        var sb = new StringBuilder("\"");
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                case 0: sb.Append("\\0"); break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7F || rune.Value is 0x85 or 0x2028 or 0x2029 or 0xFEFF)
                    {
                        sb.Append("\\u").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
