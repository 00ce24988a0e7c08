using System.Numerics;
using System.Text;
using SecretsKit.Go.Values;

namespace SecretsKit.Go.Fmt;

/// <summary>
/// Go's <c>fmt.Sprint</c>, <c>Sprintln</c> and <c>Sprintf</c> over template values: every verb Go has for these types
/// (<c>v +v #v T t d b o O x X c q U e E f F g G s</c>), flags <c>+ - # 0</c> and space, width and precision (also
/// <c>*</c> and <c>[n]</c> argument indexes), collections printed element by element with the same verb, and Go's
/// <c>%!verb(type=value)</c>, <c>%!verb(MISSING)</c>, <c>%!(EXTRA …)</c>, <c>%!(NOVERB)</c> markers. A non-zero
/// <c>budget</c> bounds the result's length before it is allocated (a list holding itself 40 times fails, not grows).
/// </summary>
public static class GoFormat
{
    /// <summary>Go's fmt ignores widths and precisions over 10^6.</summary>
    public const int MaxWidth = 1_000_000;

    /// <summary><c>fmt.Sprint</c>: spaces between operands when neither side is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args, long budget = 0)
    {
        var p = new GoPrinter(new GoFormatState(new StringBuilder(), budget));
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0 && args[i] is not string && args[i - 1] is not string) p.State.Write(' ');
            p.PrintArg(args[i], 'v');
        }
        return p.State.Buffer.ToString();
    }

    /// <summary><c>fmt.Sprintln</c>: always spaces, and a final newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args, long budget = 0)
    {
        var p = new GoPrinter(new GoFormatState(new StringBuilder(), budget));
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) p.State.Write(' ');
            p.PrintArg(args[i], 'v');
        }
        p.State.Write('\n');
        return p.State.Buffer.ToString();
    }

    /// <summary>One value with one verb and no flags (<c>%v</c> is what templates print).</summary>
    public static string Value(object? v, char verb, long budget = 0)
    {
        if (verb == 'v' && v is string s) return s;
        var p = new GoPrinter(new GoFormatState(new StringBuilder(), budget));
        p.PrintArg(v, verb);
        return p.State.Buffer.ToString();
    }

    /// <summary><c>fmt.Sprintf</c>.</summary>
    public static string Sprintf(string format, IReadOnlyList<object?> args, long budget = 0)
    {
        var f = new GoFormatState(new StringBuilder(), budget);
        var p = new GoPrinter(f);
        var end = format.Length;
        var argNum = 0;
        var reordered = false;
        var i = 0;
        while (i < end)
        {
            var goodArgNum = true;
            var last = i;
            while (i < end && format[i] != '%') i++;
            if (i > last) f.Write(format[last..i]);
            if (i >= end) break;
            i++;
            f.Clear();
            if (Flags(f, p, format, ref i, args, ref argNum)) continue;
            (argNum, i, var afterIndex) = ArgNumber(argNum, format, i, args.Count, ref goodArgNum, ref reordered);
            afterIndex = Width(f, format, ref i, args, ref argNum, afterIndex, ref goodArgNum);
            if (i + 1 < end && format[i] == '.')
            {
                i++;
                if (afterIndex) goodArgNum = false;
                (argNum, i, afterIndex) = ArgNumber(argNum, format, i, args.Count, ref goodArgNum, ref reordered);
                afterIndex = Precision(f, format, ref i, args, ref argNum, afterIndex);
            }
            if (!afterIndex) (argNum, i, _) = ArgNumber(argNum, format, i, args.Count, ref goodArgNum, ref reordered);
            if (i >= end)
            {
                f.Write("%!(NOVERB)");
                break;
            }
            Verb(p, format, ref i, args, ref argNum, goodArgNum);
        }
        if (!reordered && argNum < args.Count) Extra(f, p, args, argNum);
        return f.Buffer.ToString();
    }

    /// <summary>The width: <c>*</c> takes it from the next argument (a negative one left-justifies; not an int prints
    /// <c>%!(BADWIDTH)</c>), else digits; true when an argument index still applies to the verb.</summary>
    private static bool Width(GoFormatState f, string format, ref int i, IReadOnlyList<object?> args, ref int argNum, bool afterIndex, ref bool goodArgNum)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            (f.Width, f.WidthPresent, argNum) = IntFromArg(args, argNum);
            if (!f.WidthPresent) f.Write("%!(BADWIDTH)");
            if (f.Width < 0)
            {
                f.Width = -f.Width;
                f.Minus = true;
                f.Zero = false;
            }
            return false;
        }
        (f.Width, f.WidthPresent, i) = ParseNum(format, i, format.Length);
        if (afterIndex && f.WidthPresent) goodArgNum = false;
        return afterIndex;
    }

    /// <summary>The verb and the argument it prints: <c>%%</c> takes none, a bad index or a missing argument print Go's
    /// <c>%!verb(BADINDEX)</c> / <c>%!verb(MISSING)</c>, and <c>%#v</c> / <c>%+v</c> turn their flags into the verb's own.</summary>
    private static void Verb(GoPrinter p, string format, ref int i, IReadOnlyList<object?> args, ref int argNum, bool goodArgNum)
    {
        var f = p.State;
        Rune.DecodeFromUtf16(format.AsSpan(i), out var verb, out var size);
        i += size;
        if (verb.Value == '%') f.Write('%');
        else if (!goodArgNum) f.Write("%!" + verb + "(BADINDEX)");
        else if (argNum >= args.Count) f.Write("%!" + verb + "(MISSING)");
        else
        {
            if (verb.Value == 'v') (f.SharpV, f.Sharp, f.PlusV, f.Plus) = (f.Sharp, false, f.Plus, false);
            p.PrintArg(args[argNum++], verb.IsBmp ? (char)verb.Value : '\uFFFD', verb.ToString());
        }
    }

    /// <summary>
    /// The flags after <c>%</c> (<c># 0 + - space</c>); true when a simple verb followed them and was printed (Go's fast
    /// path for <c>%d</c>, <c>%s</c>… without width, precision or index).
    /// </summary>
    private static bool Flags(GoFormatState f, GoPrinter p, string format, ref int i, IReadOnlyList<object?> args, ref int argNum)
    {
        for (; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '#') f.Sharp = true;
            else if (c == '0') f.Zero = !f.Minus;
            else if (c == '+') f.Plus = true;
            else if (c == '-')
            {
                f.Minus = true;
                f.Zero = false;
            }
            else if (c == ' ') f.Space = true;
            else
            {
                if (c is < 'a' or > 'z' || argNum >= args.Count) return false;
                if (c == 'v') (f.SharpV, f.Sharp, f.PlusV, f.Plus) = (f.Sharp, false, f.Plus, false);
                p.PrintArg(args[argNum++], c);
                i++;
                return true;
            }
        }
        return false;
    }

    /// <summary>The precision after <c>.</c>: <c>*</c> takes it from an argument, else digits (none is 0); returns the new afterIndex.</summary>
    private static bool Precision(GoFormatState f, string format, ref int i, IReadOnlyList<object?> args, ref int argNum, bool afterIndex)
    {
        if (i < format.Length && format[i] == '*')
        {
            i++;
            (f.Precision, f.PrecisionPresent, argNum) = IntFromArg(args, argNum);
            if (f.Precision < 0)
            {
                f.Precision = 0;
                f.PrecisionPresent = false;
            }
            if (!f.PrecisionPresent) f.Write("%!(BADPREC)");
            return false;
        }
        (f.Precision, f.PrecisionPresent, i) = ParseNum(format, i, format.Length);
        if (!f.PrecisionPresent) (f.Precision, f.PrecisionPresent) = (0, true);
        return afterIndex;
    }

    /// <summary>Go's <c>%!(EXTRA type=value, …)</c> for the arguments no verb used.</summary>
    private static void Extra(GoFormatState f, GoPrinter p, IReadOnlyList<object?> args, int argNum)
    {
        f.Clear();
        f.Write("%!(EXTRA ");
        for (var k = argNum; k < args.Count; k++)
        {
            if (k > argNum) f.Write(", ");
            if (args[k] is null) f.Write("<nil>");
            else
            {
                f.Write(GoTypes.TypeName(args[k]) + "=");
                p.PrintArg(args[k], 'v');
            }
        }
        f.Write(')');
    }

    private static bool TooLarge(long x) => x > MaxWidth || x < -MaxWidth;

    private static (int Num, bool Present, int Next) ParseNum(string s, int start, int end)
    {
        if (start >= end) return (0, false, end);
        long num = 0;
        var present = false;
        var i = start;
        for (; i < end && s[i] is >= '0' and <= '9'; i++)
        {
            if (TooLarge(num)) return (0, false, end);
            num = num * 10 + (s[i] - '0');
            present = true;
        }
        return ((int)num, present, i);
    }

    private static (int Num, bool Present, int ArgNum) IntFromArg(IReadOnlyList<object?> args, int argNum)
    {
        if (argNum >= args.Count) return (0, false, argNum);
        var arg = args[argNum];
        if (!GoTypes.IsInteger(arg)) return (0, false, argNum + 1);
        var n = GoTypes.IntegerValue(arg);
        return TooLarge(n) ? (0, false, argNum + 1) : ((int)n, true, argNum + 1);
    }

    private static (int ArgNum, int Next, bool Found) ArgNumber(int argNum, string format, int i, int count, ref bool good, ref bool reordered)
    {
        if (format.Length <= i || format[i] != '[') return (argNum, i, false);
        reordered = true;
        var (index, width, ok) = ParseArgNumber(format.AsSpan(i));
        if (ok && index >= 0 && index < count) return (index, i + width, true);
        good = false;
        return (argNum, i + width, ok);
    }

    private static (int Index, int Width, bool Ok) ParseArgNumber(ReadOnlySpan<char> format)
    {
        if (format.Length < 3) return (0, 1, false);
        for (var i = 1; i < format.Length; i++)
        {
            if (format[i] != ']') continue;
            var (width, ok, next) = ParseNum(format.ToString(), 1, i);
            if (!ok || next != i) return (0, i + 1, false);
            return (width - 1, i + 1, true);
        }
        return (0, 1, false);
    }
}
