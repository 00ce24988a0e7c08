using System.Text;
using SecretsKit.Core.Formats.Text;

namespace SecretsKit.Core.Formats.Ini;

/// <summary>
/// go-ini <c>WriteTo</c> with its default pretty format: comments as <c>; text</c>, <c>[name]</c> headers (none for a
/// leading <c>DEFAULT</c>, which is skipped when empty), keys padded to the section's longest key, <c> = </c>, and the
/// value quoted when needed. A blank line separates sections.
/// </summary>
internal static class IniWriter
{
    /// <summary>Writes the sections to <paramref name="output"/> as UTF-8, through a fixed buffer.</summary>
    public static void Write(IReadOnlyList<IniSection> sections, Stream output)
    {
        var sb = new Utf8TextOutput(output);
        var separate = false; // go-ini puts a blank line after each written section; sops output has none at the end
        for (var i = 0; i < sections.Count; i++)
        {
            var section = sections[i];
#pragma warning disable CA1862 // keeps the exact ToUpperInvariant folding the section name was always matched with
            var headerless = i == 0 && section.Name.ToUpperInvariant() == IniSection.DefaultName;
#pragma warning restore CA1862
            if (separate) sb.Append('\n');
            separate = false;

            if (section.Comment.Length > 0)
            {
                foreach (var line in section.Comment.Split('\n'))
                {
                    sb.Append(line.Length > 0 && line[0] is '#' or ';'
                        ? line[0] + " " + line[1..].Trim()
                        : "; " + line).Append('\n');
                }
            }
            if (headerless && section.Keys.Count == 0) continue; // an empty DEFAULT writes only its comment
            if (!headerless) sb.Append('[').Append(section.Name).Append("]\n");
            WriteKeys(sb, section);
            separate = true;
        }
        sb.Finish();
    }

    private static void WriteKeys(Utf8TextOutput sb, IniSection section)
    {
        var align = 0;
        foreach (var key in section.Keys) align = Math.Max(align, Utf8Length(key.Name) + QuoteExtra(key.Name));

        foreach (var key in section.Keys)
        {
            if (key.Comment.Length > 0)
            {
                foreach (var line in key.Comment.Split('\n'))
                {
                    sb.Append(line.Length > 0 && line[0] is '#' or ';'
                        ? line[0] + " " + line[1..].Trim()
                        : "; " + line.Trim()).Append('\n');
                }
            }
            var name = QuoteKey(key.Name);
            sb.Append(name);
            sb.Append(' ', Math.Max(align - Utf8Length(name), 0));
            sb.Append(" = ").Append(QuoteValue(key.Value)).Append('\n');
        }
    }

    private static int QuoteExtra(string name) =>
        name.Contains('"', StringComparison.Ordinal) || name.AsSpan().IndexOfAny('=', ':') >= 0 ? 2 : name.Contains('`', StringComparison.Ordinal) ? 6 : 0;

    private static string QuoteKey(string name) =>
        name.Contains('"', StringComparison.Ordinal) || name.AsSpan().IndexOfAny('=', ':') >= 0 ? "`" + name + "`"
        : name.Contains('`', StringComparison.Ordinal) ? "\"\"\"" + name + "\"\"\""
        : name;

    /// <summary>go-ini's value quoting: newline or backtick → <c>"""v"""</c>; <c>#</c>/<c>;</c> → <c>`v`</c>; edge spaces → <c>"v"</c>.</summary>
    internal static string QuoteValue(string value)
    {
        if (value.AsSpan().IndexOfAny('\n', '`') >= 0) return "\"\"\"" + value + "\"\"\"";
        if (value.AsSpan().IndexOfAny('#', ';') >= 0) return "`" + value + "`";
        if (value.Trim().Length != value.Length) return "\"" + value + "\"";
        return value;
    }

    private static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}
