using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SecretsKit.Go;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Time;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Yaml;

/// <summary>
/// Which Go YAML encoder <see cref="GoYamlWriter"/> imitates. <see cref="V3"/>: go-yaml v3 with <c>SetIndent(2)</c>
/// (helmfile 1.x): sequences indented under their key, no line wrapping. <see cref="V2"/>: go-yaml v2, which
/// sigs.k8s.io/yaml (ESO, Helm) ends in: sequences level with their key, long scalars folded at spaces past column 80.
/// </summary>
public sealed record GoYamlDialect(bool IndentSequences, int Width)
{
    public static GoYamlDialect V3 { get; } = new(IndentSequences: true, Width: int.MaxValue);

    public static GoYamlDialect V2 { get; } = new(IndentSequences: false, Width: 80);
}

/// <summary>
/// Block YAML as Go's YAML encoders write a template value: keys in go-yaml's natural order (<c>a9</c> before
/// <c>a10</c>), strings plain when the emitter allows it and they read back as strings, double-quoted when they would
/// read as another type (YAML 1.1 booleans included) or hold a tab or control character, single-quoted when only an
/// indicator is in the way, literal blocks (<c>|</c>, <c>|-</c>, <c>|+</c>, <c>|2-</c>) for several lines.
/// </summary>
internal sealed class GoYamlWriter(GoYamlDialect dialect, long limit)
{
    private readonly StringBuilder _out = new();

    /// <summary>The YAML of <paramref name="value"/>, stopped (as <see cref="GoLimitException"/>) once it passes <paramref name="limit"/> characters (0: no limit).</summary>
    public static string Write(object? value, GoYamlDialect dialect, long limit = 0)
    {
        var writer = new GoYamlWriter(dialect, limit);
        writer.Node(value, 0, inline: false);
        return writer._out.ToString();
    }

    /// <summary>Checked at every node: a shared sub-tree is written once per reference, so the output may grow exponentially; a value holding itself never ends.</summary>
    private void Check()
    {
        if (limit > 0 && _out.Length > limit) throw new GoLimitException($"result exceeds the template output limit of {limit} characters");
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw new TemplateFunctionException("value nests too deeply to write as YAML");
    }

    private void Node(object? v, int indent, bool inline)
    {
        Check();
        switch (v)
        {
            case IReadOnlyDictionary<string, object?> { Count: > 0 } m:
                var first = true;
                foreach (var key in m.Keys.Order(NaturalOrder.Instance))
                {
                    if (!(first && inline)) _out.Append(' ', indent);
                    first = false;
                    Scalar(key, indent + 2);
                    _out.Append(':');
                    Value(m[key], indent, dialect.IndentSequences ? indent + 2 : indent);
                }
                return;
            case IReadOnlyList<object?> { Count: > 0 } l:
                var firstItem = true;
                foreach (var item in l)
                {
                    if (!(firstItem && inline)) _out.Append(' ', indent);
                    firstItem = false;
                    _out.Append('-');
                    if (item is IReadOnlyDictionary<string, object?> { Count: > 0 } or IReadOnlyList<object?> { Count: > 0 })
                    {
                        _out.Append(' ');
                        Node(item, indent + 2, inline: true);
                    }
                    else Value(item, indent, indent + 2);
                }
                return;
            default:
                // a scalar on its own: a block scalar's lines and a folded string's continuations indent by 2, as libyaml's
                Leaf(v, indent + 2);
                _out.Append('\n');
                return;
        }
    }

    private void Value(object? child, int indent, int sequenceIndent)
    {
        switch (child)
        {
            case IReadOnlyDictionary<string, object?> { Count: > 0 }:
                _out.Append('\n');
                Node(child, indent + 2, inline: false);
                break;
            case IReadOnlyList<object?> { Count: > 0 }:
                _out.Append('\n');
                Node(child, sequenceIndent, inline: false);
                break;
            default:
                _out.Append(' ');
                Leaf(child, indent + 2);
                _out.Append('\n');
                break;
        }
    }

    private void Leaf(object? v, int indent)
    {
        switch (v)
        {
            case null: _out.Append("null"); break;
            case IReadOnlyDictionary<string, object?>: _out.Append("{}"); break;
            case IReadOnlyList<object?>: _out.Append("[]"); break;
            case string s: Scalar(s, indent); break;
            case double d: _out.Append(GoFloat.FormatYaml(d)); break;
            case GoTimeValue t: _out.Append(t.MarshalText()); break;
            default: _out.Append(GoValues.Format(v)); break;
        }
    }

    /// <summary>A string in the style go-yaml's encoder asks for and libyaml's emitter allows, at continuation indent <paramref name="indent"/>.</summary>
    private void Scalar(string s, int indent)
    {
        var a = YamlScalarAnalysis.Of(s);
        if (!TemplateYaml.ReadsAsString(s)) Double(s, indent);
        else if (s.Contains('\n', StringComparison.Ordinal)) { if (a.BlockAllowed) Literal(s, indent); else Double(s, indent); }
        else if (a.PlainAllowed) Plain(s, indent);
        else if (a.SingleQuotedAllowed) Single(s, indent);
        else Double(s, indent);
    }

    private int Column
    {
        get
        {
            var i = _out.Length;
            while (i > 0 && _out[i - 1] != '\n') i--;
            return _out.Length - i;
        }
    }

    private bool BreakHere(string s, int i, int column) =>
        column > dialect.Width && i > 0 && i < s.Length - 1 && s[i + 1] != ' ';

    private void Plain(string s, int indent)
    {
        var column = Column;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == ' ' && dialect.Width != int.MaxValue && (i == 0 || s[i - 1] != ' ') && BreakHere(s, i, column))
            {
                _out.Append('\n').Append(' ', indent);
                column = indent;
                continue;
            }
            _out.Append(s[i]);
            column++;
        }
    }

    private void Single(string s, int indent)
    {
        _out.Append('\'');
        var column = Column;
        var afterBreak = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is '\u0085' or '\u2028' or '\u2029')
            {
                // libyaml writes the break, then indents the next character
                _out.Append(s[i]);
                column = 0;
                afterBreak = true;
                continue;
            }
            if (afterBreak)
            {
                _out.Append(' ', indent);
                column = indent;
                afterBreak = false;
            }
            if (s[i] == ' ' && dialect.Width != int.MaxValue && (i == 0 || s[i - 1] != ' ') && BreakHere(s, i, column))
            {
                _out.Append('\n').Append(' ', indent);
                column = indent;
                continue;
            }
            _out.Append(s[i] == '\'' ? "''" : s[i].ToString());
            column += s[i] == '\'' ? 2 : 1;
        }
        _out.Append('\'');
    }

    private void Double(string s, int indent)
    {
        _out.Append('"');
        var column = Column;
        var runes = s.EnumerateRunes().ToList();
        for (var i = 0; i < runes.Count; i++)
        {
            var r = runes[i].Value;
            if (r == ' ' && dialect.Width != int.MaxValue && (i == 0 || runes[i - 1].Value != ' ')
                && column > dialect.Width && i > 0 && i < runes.Count - 1)
            {
                _out.Append('\n').Append(' ', indent);
                if (runes[i + 1].Value == ' ') _out.Append('\\');
                column = indent;
                continue;
            }
            var text = r switch
            {
                0 => "\\0", 7 => "\\a", 8 => "\\b", 9 => "\\t", 10 => "\\n", 11 => "\\v", 12 => "\\f", 13 => "\\r", 0x1b => "\\e",
                '"' => "\\\"", '\\' => "\\\\", 0x85 => "\\N", 0xa0 => "\\_", 0x2028 => "\\L", 0x2029 => "\\P",
                _ when YamlScalarAnalysis.Printable(r) && r != 0xfeff => runes[i].ToString(),
                <= 0xff => "\\x" + r.ToString("X2", CultureInfo.InvariantCulture),
                <= 0xffff => "\\u" + r.ToString("X4", CultureInfo.InvariantCulture),
                _ => "\\U" + r.ToString("X8", CultureInfo.InvariantCulture),
            };
            _out.Append(text);
            column += text.Length;
        }
        _out.Append('"');
    }

    private void Literal(string s, int indent)
    {
        _out.Append('|');
        if (s[0] is ' ' or '\n') _out.Append('2');
        _out.Append(!s.EndsWith('\n') ? "-" : s.Length == 1 || s[^2] == '\n' ? "+" : "");
        var body = s.EndsWith('\n') ? s[..^1] : s;
        foreach (var line in body.Split('\n'))
        {
            _out.Append('\n');
            if (line.Length > 0) _out.Append(' ', indent).Append(line);
        }
    }

    /// <summary>go-yaml's <c>keyList.Less</c> for string keys: runs of digits compare as numbers, letters after other characters.</summary>
    private sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y) => Less(x!, y!) ? -1 : Less(y!, x!) ? 1 : 0;

        private static bool Less(string a, string b)
        {
            var (ar, br) = (a.EnumerateRunes().ToArray(), b.EnumerateRunes().ToArray());
            var digits = false;
            for (var i = 0; i < ar.Length && i < br.Length; i++)
            {
                if (ar[i] == br[i])
                {
                    digits = Rune.IsDigit(ar[i]);
                    continue;
                }
                var (al, bl) = (Rune.IsLetter(ar[i]), Rune.IsLetter(br[i]));
                if (al && bl) return ar[i] < br[i];
                if (al || bl) return digits ? al : bl;
                long an = 0, bn = 0;
                if (ar[i].Value == '0' || br[i].Value == '0')
                {
                    for (var j = i - 1; j >= 0 && Rune.IsDigit(ar[j]); j--)
                    {
                        if (ar[j].Value != '0')
                        {
                            an = 1;
                            bn = 1;
                            break;
                        }
                    }
                }
                int ai, bi;
                for (ai = i; ai < ar.Length && Rune.IsDigit(ar[ai]); ai++) an = unchecked(an * 10 + ar[ai].Value - '0');
                for (bi = i; bi < br.Length && Rune.IsDigit(br[bi]); bi++) bn = unchecked(bn * 10 + br[bi].Value - '0');
                if (an != bn) return an < bn;
                if (ai != bi) return ai < bi;
                return ar[i] < br[i];
            }
            return ar.Length < br.Length;
        }
    }
}
