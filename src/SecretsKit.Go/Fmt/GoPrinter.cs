using System.Globalization;
using System.Numerics;
using System.Text;
using SecretsKit.Go.Strconv;
using SecretsKit.Go.Text;
using SecretsKit.Go.Time;
using SecretsKit.Go.Values;

namespace SecretsKit.Go.Fmt;

/// <summary>Go's <c>fmt</c> printer for one argument at a time (<c>printArg</c>/<c>printValue</c>), writing into its state.</summary>
internal sealed class GoPrinter(GoFormatState state)
{
    private const int MaxDepth = 10_000;

    public GoFormatState State { get; } = state;

    public void PrintArg(object? arg, char verb, string? verbText = null)
    {
        if (arg is null)
        {
            if (verb is 'T' or 'v') State.Pad("<nil>");
            else BadVerb(verb, verbText, null, false);
            return;
        }
        if (verb == 'T')
        {
            FmtS(GoTypes.TypeName(arg));
            return;
        }
        PrintValue(arg, verb, verbText, 0);
    }

    private void PrintValue(object? v, char verb, string? verbText, int depth)
    {
        if (depth > MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new GoException("value nests too deeply to print");
        }
        switch (v)
        {
            case null:
                State.Write(State.SharpV ? "interface {}(nil)" : "<nil>");
                return;
            case bool b:
                if (verb is 't' or 'v') State.Pad(b ? "true" : "false");
                else BadVerb(verb, verbText, v, true);
                return;
            case long or int or GoInt64 or byte:
                FmtInteger(GoTypes.IntegerValue(v), verb, verbText, v);
                return;
            case double d:
                FmtFloat(d, verb, verbText, v);
                return;
            case Complex c:
                FmtComplex(c, verb, verbText, v);
                return;
            case string s:
                FmtString(s, verb, verbText, v);
                return;
            case ulong u when u > long.MaxValue && verb is 'd' or 'v':
                State.Pad(u.ToString(CultureInfo.InvariantCulture));
                return;
            case ulong u:
                FmtInteger(unchecked((long)u), verb, verbText, v);
                return;
            case IGoValue o when o.TryFormat() is { } text && verb is 'v' or 's' or 'x' or 'X' or 'q' && !State.SharpV:
                FmtString(text, verb, verbText, text);
                return;
            case GoTimeValue t:
                PrintStruct(t.Fields(), verb, verbText, depth);
                return;
            case IReadOnlyDictionary<string, object?> m:
                PrintMap(m, verb, verbText, depth);
                return;
            case IReadOnlyList<object?> l:
                PrintList(l, verb, verbText, depth);
                return;
            case GoStruct st:
                PrintStruct(st, verb, verbText, depth);
                return;
            default:
                State.Write("&{" + GoTypes.TypeName(v) + "}");
                return;
        }
    }

    private void PrintMap(IReadOnlyDictionary<string, object?> m, char verb, string? verbText, int depth)
    {
        State.Write(State.SharpV ? GoTypes.TypeName(m) + "{" : "map[");
        var first = true;
        foreach (var (k, value) in GoTypes.Sorted(m))
        {
            if (!first) State.Write(State.SharpV ? ", " : " ");
            first = false;
            PrintValue(k, verb, verbText, depth + 1);
            State.Write(':');
            PrintValue(value, verb, verbText, depth + 1);
        }
        State.Write(State.SharpV ? '}' : ']');
    }

    private void PrintList(IReadOnlyList<object?> l, char verb, string? verbText, int depth)
    {
        if (State.SharpV)
        {
            State.Write(GoTypes.TypeName(l));
            if (l is GoSlice { IsNil: true })
            {
                State.Write("(nil)");
                return;
            }
            State.Write('{');
            for (var i = 0; i < l.Count; i++)
            {
                if (i > 0) State.Write(", ");
                PrintValue(l[i], verb, verbText, depth + 1);
            }
            State.Write('}');
            return;
        }
        State.Write('[');
        for (var i = 0; i < l.Count; i++)
        {
            if (i > 0) State.Write(' ');
            PrintValue(l[i], verb, verbText, depth + 1);
        }
        State.Write(']');
    }

    private void PrintStruct(GoStruct s, char verb, string? verbText, int depth)
    {
        if (State.SharpV) State.Write(s.TypeName);
        State.Write('{');
        var first = true;
        foreach (var (name, value) in s.Fields)
        {
            if (!first) State.Write(State.SharpV ? ", " : " ");
            first = false;
            if (State.PlusV || State.SharpV) State.Write(name + ":");
            PrintValue(value, verb, verbText, depth + 1);
        }
        State.Write('}');
    }

    private void BadVerb(char verb, string? verbText, object? value, bool hasValue)
    {
        State.Write("%!" + (verbText ?? verb.ToString()) + "(");
        if (hasValue)
        {
            State.Write(GoTypes.TypeName(value) + "=");
            var saved = (State.Sharp, State.Zero, State.Plus, State.Minus, State.Space, State.SharpV, State.PlusV, State.WidthPresent, State.PrecisionPresent);
            PrintValue(value, 'v', null, 1);
            (State.Sharp, State.Zero, State.Plus, State.Minus, State.Space, State.SharpV, State.PlusV, State.WidthPresent, State.PrecisionPresent) = saved;
        }
        else State.Write("<nil>");
        State.Write(')');
    }

    private void FmtS(string s)
    {
        if (State.PrecisionPresent) s = GoFormatState.TruncateRunes(s, State.Precision);
        State.Pad(s);
    }

    private void FmtString(string s, char verb, string? verbText, object? original)
    {
        switch (verb)
        {
            case 'v' when State.SharpV: FmtQ(s); return;
            case 'v' or 's': FmtS(s); return;
            case 'x': FmtSx(s, "0123456789abcdefx"); return;
            case 'X': FmtSx(s, "0123456789ABCDEFX"); return;
            case 'q': FmtQ(s); return;
            default: BadVerb(verb, verbText, original, true); return;
        }
    }

    private void FmtQ(string s)
    {
        if (State.PrecisionPresent) s = GoFormatState.TruncateRunes(s, State.Precision);
        if (State.Sharp && CanBackquote(s))
        {
            State.Pad("`" + s + "`");
            return;
        }
        State.Pad(GoQuote.Quote(s, asciiOnly: State.Plus));
    }

    private static bool CanBackquote(string s)
    {
        foreach (var r in GoString.Runes(s))
        {
            if (r.Value == '`' || r.Value == '\uFEFF' || (r.Value < ' ' && r.Value != '\t') || r.Value == 0x7f) return false;
        }
        return !GoString.HasEscapes(s);
    }

    private void FmtSx(string s, string digits)
    {
        var b = GoString.ToBytes(s);
        var length = State.PrecisionPresent && State.Precision < b.Length ? State.Precision : b.Length;
        var width = 2 * length;
        if (width > 0)
        {
            if (State.Space)
            {
                if (State.Sharp) width *= 2;
                width += length - 1;
            }
            else if (State.Sharp) width += 2;
        }
        else
        {
            if (State.WidthPresent) State.WritePadding(State.Width);
            return;
        }
        if (State.WidthPresent && State.Width > width && !State.Minus) State.WritePadding(State.Width - width);
        var sb = new StringBuilder(width);
        if (State.Sharp) sb.Append('0').Append(digits[16]);
        for (var i = 0; i < length; i++)
        {
            if (State.Space && i > 0)
            {
                sb.Append(' ');
                if (State.Sharp) sb.Append('0').Append(digits[16]);
            }
            sb.Append(digits[b[i] >> 4]).Append(digits[b[i] & 0xF]);
        }
        State.Write(sb.ToString());
        if (State.WidthPresent && State.Width > width && State.Minus) State.WritePadding(State.Width - width);
    }

    private void FmtInteger(long value, char verb, string? verbText, object original)
    {
        switch (verb)
        {
            case 'v' or 'd': Integer(value, 10, verb, "0123456789abcdefx"); return;
            case 'b': Integer(value, 2, verb, "0123456789abcdefx"); return;
            case 'o' or 'O': Integer(value, 8, verb, "0123456789abcdefx"); return;
            case 'x': Integer(value, 16, verb, "0123456789abcdefx"); return;
            case 'X': Integer(value, 16, verb, "0123456789ABCDEFX"); return;
            case 'c': State.Pad(RuneText(value)); return;
            case 'q':
                State.Pad(GoQuote.QuoteRune(value is >= 0 and <= 0x10FFFF ? value : 0xFFFD, asciiOnly: State.Plus));
                return;
            case 'U': Unicode(value); return;
            default: BadVerb(verb, verbText, original, true); return;
        }
    }

    private static string RuneText(long value) =>
        value is >= 0 and <= 0x10FFFF && !(value is >= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32((int)value) : "\uFFFD";

    private void Unicode(long value)
    {
        var prec = 4;
        if (State.PrecisionPresent && State.Precision > 4) prec = State.Precision;
        var hex = ((ulong)value).ToString("X", CultureInfo.InvariantCulture).PadLeft(prec, '0');
        var text = "U+" + hex;
        if (State.Sharp && value is >= 0 and <= 0x10FFFF && !(value is >= 0xD800 and <= 0xDFFF) && GoQuote.IsPrint(new Rune((int)value)))
        {
            text += " '" + char.ConvertFromUtf32((int)value) + "'";
        }
        State.PadSpaces(text);
    }

    private void Integer(long value, int radix, char verb, string digits)
    {
        var negative = value < 0;
        var u = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        var prec = 0;
        if (State.PrecisionPresent)
        {
            prec = State.Precision;
            if (prec == 0 && u == 0)
            {
                var old = State.Zero;
                State.Zero = false;
                State.WritePadding(State.Width);
                State.Zero = old;
                return;
            }
        }
        else if (State.Zero && State.WidthPresent)
        {
            prec = State.Width;
            if (negative || State.Plus || State.Space) prec--;
        }
        State.Reserve(prec);
        var sb = new StringBuilder();
        if (u == 0) sb.Append('0');
        while (u > 0)
        {
            sb.Insert(0, digits[(int)(u % (ulong)radix)]);
            u /= (ulong)radix;
        }
        if (sb.Length < prec) sb.Insert(0, new string('0', prec - sb.Length));
        if (State.Sharp)
        {
            if (radix == 2) sb.Insert(0, "0b");
            else if (radix == 8 && sb[0] != '0') sb.Insert(0, '0');
            else if (radix == 16) sb.Insert(0, "0" + digits[16]);
        }
        if (verb == 'O') sb.Insert(0, "0o");
        if (negative) sb.Insert(0, '-');
        else if (State.Plus) sb.Insert(0, '+');
        else if (State.Space) sb.Insert(0, ' ');
        State.PadSpaces(sb.ToString());
    }

    private void FmtFloat(double d, char verb, string? verbText, object original)
    {
        switch (verb)
        {
            case 'v': Float(d, 'g', -1); return;
            case 'b' or 'g' or 'G' or 'x' or 'X': Float(d, verb, -1); return;
            case 'f' or 'e' or 'E' or 'F': Float(d, verb, 6); return;
            default: BadVerb(verb, verbText, original, true); return;
        }
    }

    private void FmtComplex(Complex c, char verb, string? verbText, object original)
    {
        if (verb is not ('v' or 'b' or 'g' or 'G' or 'x' or 'X' or 'f' or 'F' or 'e' or 'E'))
        {
            BadVerb(verb, verbText, original, true);
            return;
        }
        var (oldPlus, oldWidth) = (State.Plus, State.Width);
        State.Write('(');
        FmtFloat(c.Real, verb, verbText, c.Real);
        State.Plus = true;
        FmtFloat(c.Imaginary, verb, verbText, c.Imaginary);
        State.Write("i)");
        (State.Plus, State.Width) = (oldPlus, oldWidth);
    }

    private void Float(double v, char verb, int prec)
    {
        if (State.PrecisionPresent) prec = State.Precision;
        var num = GoFloatText.Format(v, verb, prec);
        if (num[0] is not ('-' or '+')) num = "+" + num;
        if (State.Space && num[0] == '+' && !State.Plus) num = " " + num[1..];
        if (num[1] is 'I' or 'N')
        {
            if (num[1] == 'N' && !State.Space && !State.Plus) num = num[1..];
            State.PadSpaces(num);
            return;
        }
        if (State.Sharp && verb != 'b') num = GoFloatText.Sharp(num, verb, prec);
        if (State.Plus || num[0] != '+')
        {
            if (State.Zero && State.WidthPresent && State.Width > num.Length)
            {
                State.Write(num[0]);
                State.WritePadding(State.Width - num.Length);
                State.Write(num[1..]);
                return;
            }
            State.Pad(num);
            return;
        }
        State.Pad(num[1..]);
    }
}
