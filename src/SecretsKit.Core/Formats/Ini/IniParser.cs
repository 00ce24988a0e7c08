using System.Buffers;
using System.Globalization;
using System.Text;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Formats.Text;
using SecretsKit.Go.Text;

namespace SecretsKit.Core.Formats.Ini;

/// <summary>
/// The go-ini v1.67 reader with sops' options (<c>AllowNonUniqueSections</c>): <c>DEFAULT</c> first, <c>=</c> or <c>:</c>
/// delimiters, inline comments cut at the first <c>#</c>/<c>;</c>, surrounding quotes stripped, <c>`…`</c> and
/// <c>"""…"""</c> values (possibly multi-line), trailing-<c>\</c> continuation and <c>-</c> auto-increment keys.
/// Errors name the line number, never the line. Lines are read as slices of the decoded text: a value becomes a string
/// once, however long its line.
/// </summary>
internal sealed class IniParser
{
    private const string Delimiters = "=:";
    private static readonly SearchValues<char> DelimiterChars = SearchValues.Create(Delimiters);
    private readonly string _text;
    private int _pos;
    private bool _eof;
    private int _lineNumber;
    private readonly StringBuilder _comment = new();
    private readonly FoldedText? _folded;
    private int _unfolded;

    private IniParser(string text, FoldedText? folded = null)
    {
        _text = text;
        _folded = folded;
    }

    public static List<IniSection> Parse(byte[] input)
    {
        DocumentBudget.CheckSize(input.Length, "INI");
        var memory = input.AsMemory();
        var span = memory.Span;
        if (span.Length >= 2 && (span[0] == 0xFE && span[1] == 0xFF || span[0] == 0xFF && span[1] == 0xFE)) memory = memory[2..];
        else if (span.Length >= 3 && span[0] == 0xEF && span[1] == 0xBB && span[2] == 0xBF) memory = memory[3..];
        if (IniFoldedValues.TryFold(memory) is { } folded)
        {
            try
            {
                var parser = new IniParser(folded.Text, folded);
                var sections = parser.Run();
                if (parser._unfolded == folded.Count) return sections;
            }
            catch (Exception e) when (e is FoldedText.MismatchException or MalformedFileException)
            {
                // The original text decides, and words any error.
            }
        }
        return ParseUnfolded(memory);
    }

    /// <summary>Parses the decoded text as it is, without folding long values (what <see cref="Parse"/> must always equal).</summary>
    internal static List<IniSection> ParseUnfolded(ReadOnlyMemory<byte> utf8) => new IniParser(GoUtf8.Decode(utf8.Span)).Run();

    private string Unfold(string value)
    {
        if (_folded is null || !value.Contains(FoldedText.Marker, StringComparison.Ordinal)) return value;
        if (!_folded.TryUnfold(value, out var original)) throw new FoldedText.MismatchException();
        _unfolded++;
        return original;
    }

    private ReadOnlySpan<char> ReadLine()
    {
        if (_pos >= _text.Length)
        {
            _eof = true;
            return "";
        }
        _lineNumber++;
        var nl = _text.IndexOf('\n', _pos);
        ReadOnlySpan<char> line;
        if (nl < 0)
        {
            line = _text.AsSpan(_pos);
            _pos = _text.Length;
            _eof = true;
        }
        else
        {
            line = _text.AsSpan(_pos, nl + 1 - _pos);
            _pos = nl + 1;
        }
        return line;
    }

    private MalformedFileException Error(string what) =>
        new(ExitCodes.CouldNotReadInputFile, $"could not parse INI: {what} at line {_lineNumber}");

    private List<IniSection> Run()
    {
        var sections = new List<IniSection> { new(IniSection.DefaultName) };
        var section = sections[0];
        var autoCount = 1;
        while (!_eof)
        {
            var line = ReadLine().TrimStart();
            if (line.Length == 0) continue;

            if (line[0] is '#' or ';')
            {
                _comment.Append(line);
                continue;
            }

            if (line[0] == '[')
            {
                var close = line.LastIndexOf(']');
                if (close < 0) throw Error("unclosed section header");
                var name = line[1..close].ToString();
                if (name.Length == 0) throw Error("empty section name");
                section = new IniSection(name);
                sections.Add(section);
                var rest = line[(close + 1)..];
                var c = rest.IndexOfAny('#', ';');
                if (c >= 0) _comment.Append(rest[c..]);
                section.Comment = _comment.ToString().Trim();
                _comment.Clear();
                autoCount = 1;
                continue;
            }

            var (keyName, offset) = ReadKeyName(line);
            if (keyName == "-")
            {
                keyName = "#" + autoCount.ToString(CultureInfo.InvariantCulture);
                autoCount++;
            }
            if (keyName.Length == 0) throw Error("empty key name");
            var value = Unfold(ReadValue(line[offset..]));
            var key = section.SetKey(keyName, value);
            key.Comment = _comment.ToString().Trim();
            _comment.Clear();
        }
        return sections;
    }

    private (string Name, int Offset) ReadKeyName(ReadOnlySpan<char> line)
    {
        var quote = line[0] switch
        {
            '"' when line.Length > 6 && line.StartsWith("\"\"\"", StringComparison.Ordinal) => "\"\"\"",
            '"' => "\"",
            '`' => "`",
            _ => "",
        };
        if (quote.Length > 0)
        {
            var start = quote.Length;
            var pos = IndexFrom(line, quote, start);
            if (pos < 0) throw Error("missing closing key quote");
            var d = pos + start < line.Length ? line[(pos + start)..].IndexOfAny(DelimiterChars) : -1;
            if (d < 0) throw Error("no '=' or ':' after the key");
            return (line[start..pos].Trim().ToString(), pos + start + d + 1);
        }
        var end = line.IndexOfAny(DelimiterChars);
        if (end < 0) throw Error("expected 'key = value', a [section] header or a comment");
        return (line[..end].Trim().ToString(), end + 1);
    }

    /// <summary><see cref="string.IndexOf(string, int, StringComparison)"/> on a span: -1, or the index in <paramref name="line"/>.</summary>
    private static int IndexFrom(ReadOnlySpan<char> line, string value, int start)
    {
        var i = line[start..].IndexOf(value, StringComparison.Ordinal);
        return i < 0 ? -1 : start + i;
    }

    private string ReadValue(ReadOnlySpan<char> input)
    {
        var line = input.TrimStart();
        if (line.Length == 0) return "";

        var quote = line.Length > 3 && line.StartsWith("\"\"\"", StringComparison.Ordinal) ? "\"\"\"" : line[0] == '`' ? "`" : "";
        if (quote.Length > 0)
        {
            var pos = line.LastIndexOf(quote, StringComparison.Ordinal);
            if (pos < quote.Length) return ReadMultiline(line[quote.Length..], quote);
            return line[quote.Length..pos].ToString();
        }

        line = line.Trim();
        if (line[^1] == '\\') return ReadContinuation(line[..^1]);

        var hash = line.IndexOfAny('#', ';');
        if (hash >= 0)
        {
            _comment.Append(line[hash..]);
            line = line[..hash].Trim();
        }
        if (HasSurroundedQuote(line, '\'') || HasSurroundedQuote(line, '"')) line = line[1..^1];
        return line.ToString();
    }

    private string ReadMultiline(ReadOnlySpan<char> value, string quote)
    {
        var startLine = _lineNumber;
        var sb = new StringBuilder().Append(value);
        while (true)
        {
            var next = ReadLine();
            var pos = next.LastIndexOf(quote, StringComparison.Ordinal);
            if (pos >= 0)
            {
                sb.Append(next[..pos]);
                var rest = next[pos..];
                var c = rest.IndexOfAny('#', ';');
                if (c >= 0) _comment.Append(rest[c..].Trim());
                return sb.ToString();
            }
            sb.Append(next);
            if (_eof)
            {
                throw new MalformedFileException(ExitCodes.CouldNotReadInputFile,
                    $"could not parse INI: the quoted value starting at line {startLine} has no closing {quote}");
            }
        }
    }

    private string ReadContinuation(ReadOnlySpan<char> value)
    {
        var sb = new StringBuilder().Append(value);
        while (true)
        {
            var next = ReadLine().Trim();
            if (next.Length == 0) break;
            sb.Append(next);
            if (sb[^1] != '\\') break;
            sb.Length--;
        }
        return sb.ToString();
    }

    private static bool HasSurroundedQuote(ReadOnlySpan<char> s, char quote) =>
        s.Length >= 2 && s[0] == quote && s[^1] == quote && s[1..].IndexOf(quote) == s.Length - 2;
}
