using System.Globalization;
using System.Security.Cryptography;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's conversion and integer math: <c>atoi int int64 float64 toDecimal seq until untilStep add add1 sub div mod mul
/// max biggest min randInt ceil floor round</c>. Integer math is Go's int64 (wrapping on overflow; dividing by zero is
/// Go's runtime error); arguments convert as spf13/cast does (<see cref="GoCast"/>).
/// </summary>
internal static class NumericFunctions
{
    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["atoi"] = c => Atoi(c.Exactly(1).String(0));
        t["int"] = c => GoCast.ToInt64(c.Exactly(1)[0]);
        t["int64"] = c => new GoInt64(GoCast.ToInt64(c.Exactly(1)[0]));
        t["float64"] = c => GoCast.ToFloat64(c.Exactly(1)[0]);
        t["toDecimal"] = c => new GoInt64(ToDecimal(c.Exactly(1).Format(c[0])));
        t["seq"] = c => Seq(c, Enumerable.Range(0, c.Count).Select(c.Int).ToArray());
        t["until"] = c => Until(c, c.Exactly(1).Int(0));
        t["untilStep"] = c => UntilStep(c, c.Exactly(3).Int(0), c.Int(1), c.Int(2));
        t["add1"] = c => new GoInt64(unchecked(GoCast.ToInt64(c.Exactly(1)[0]) + 1));
        t["add"] = c => new GoInt64(c.Args.Aggregate(0L, (a, b) => unchecked(a + GoCast.ToInt64(b))));
        t["sub"] = c => new GoInt64(unchecked(GoCast.ToInt64(c.Exactly(2)[0]) - GoCast.ToInt64(c[1])));
        t["div"] = c => new GoInt64(Divide(GoCast.ToInt64(c.Exactly(2)[0]), GoCast.ToInt64(c[1]), remainder: false));
        t["mod"] = c => new GoInt64(Divide(GoCast.ToInt64(c.Exactly(2)[0]), GoCast.ToInt64(c[1]), remainder: true));
        t["mul"] = c => new GoInt64(c.AtLeast(1).Args.Skip(1).Aggregate(GoCast.ToInt64(c[0]), (a, b) => unchecked(a * GoCast.ToInt64(b))));
        t["max"] = t["biggest"] = c => new GoInt64(c.AtLeast(1).Args.Select(GoCast.ToInt64).Max());
        t["min"] = c => new GoInt64(c.AtLeast(1).Args.Select(GoCast.ToInt64).Min());
        t["randInt"] = c => RandInt(c.Exactly(2).Int(0), c.Int(1));
        t["ceil"] = c => Math.Ceiling(GoCast.ToFloat64(c.Exactly(1)[0]));
        t["floor"] = c => Math.Floor(GoCast.ToFloat64(c.Exactly(1)[0]));
        t["round"] = c => Round(c.Between(2, 3), GoCast.ToFloat64(c[0]), c.Int(1));
    }

    /// <summary>Go's <c>strconv.Atoi</c>; sprig turns its error into 0.</summary>
    private static long Atoi(string s)
    {
        if (s.Length == 0) return 0;
        var body = s[0] is '+' or '-' ? s[1..] : s;
        if (body.Length == 0 || !body.All(char.IsAsciiDigit)) return 0;
        // out of range: Go returns the nearest int64 with its error, which sprig ignores
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : s[0] == '-' ? long.MinValue : long.MaxValue;
    }

    /// <summary>sprig's <c>toDecimal</c>: <c>fmt.Sprint(v)</c> read as an octal number, 0 when it is not one.</summary>
    private static long ToDecimal(string s)
    {
        var body = s.Length > 0 && s[0] is '+' or '-' ? s[1..] : s;
        if (body.Length == 0 || !body.All(ch => ch is >= '0' and <= '7')) return 0;
        ulong n = 0;
        foreach (var ch in body)
        {
            if (n > (ulong.MaxValue - 7) / 8) return 0;
            n = (n * 8) + (ulong)(ch - '0');
        }
        if (s[0] == '-') return n <= 9223372036854775808UL ? (long)(0 - n) : 0;
        return n <= long.MaxValue ? (long)n : 0;
    }

    private static long Divide(long a, long b, bool remainder)
    {
        if (b == 0) throw new TemplateFunctionException("runtime error: integer divide by zero");
        if (b == -1) return remainder ? 0 : unchecked(-a);
        return remainder ? a % b : a / b;
    }

    private static long RandInt(long min, long max)
    {
        if (max - min <= 0) throw new TemplateFunctionException("invalid argument to Intn");
        return min + RandomNumberGenerator.GetInt32(0, (int)Math.Min(int.MaxValue, max - min));
    }

    private static double Round(TemplateCall c, double value, long places)
    {
        var roundOn = c.Count == 3 ? GoCast.ToFloat64(c[2]) : 0.5;
        var pow = Math.Pow(10, places);
        var digit = pow * value;
        var frac = digit - Math.Truncate(digit);
        if (double.IsInfinity(digit)) frac = 0;
        return (frac >= roundOn ? Math.Ceiling(digit) : Math.Floor(digit)) / pow;
    }

    /// <summary>sprig's <c>untilStep</c>: a <c>[]int</c> from start toward stop (exclusive) by step; empty when the step points away.</summary>
    public static GoSlice UntilStep(TemplateCall c, long start, long stop, long step)
    {
        var count = stop < start ? (step >= 0 ? 0 : Ceiling(start - (decimal)stop, -(decimal)step))
            : step <= 0 ? 0 : Ceiling(stop - (decimal)start, step);
        c.EnsureFits((long)Math.Min(count, long.MaxValue));
        if (count > 100_000_000) throw new TemplateFunctionException("runtime error: makeslice: len out of range");
        var items = new List<long>((int)count);
        for (long i = 0, v = start; i < count; i++, v = unchecked(v + step)) items.Add(v);
        return GoSlice.Ints(items);
    }

    private static decimal Ceiling(decimal span, decimal step) => Math.Ceiling(span / step);

    private static GoSlice Until(TemplateCall c, long count) => UntilStep(c, 0, count, count < 0 ? -1 : 1);

    /// <summary>sprig's <c>seq</c>: like GNU seq (<c>seq END</c>, <c>seq START END</c>, <c>seq START STEP END</c>), space-separated.</summary>
    private static string Seq(TemplateCall c, long[] p)
    {
        GoSlice items;
        switch (p.Length)
        {
            case 1:
                var inc = p[0] < 1 ? -1 : 1;
                items = UntilStep(c, 1, p[0] + inc, inc);
                break;
            case 2:
                var step = p[1] < p[0] ? -1 : 1;
                items = UntilStep(c, p[0], p[1] + step, step);
                break;
            case 3:
                var increment = 1;
                if (p[2] < p[0])
                {
                    increment = -1;
                    if (p[1] > 0) return "";
                }
                items = UntilStep(c, p[0], p[2] + increment, p[1]);
                break;
            default:
                return "";
        }
        return string.Join(" ", items.Select(GoValues.Format));
    }
}
