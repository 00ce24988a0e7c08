using System.Globalization;
using System.Numerics;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates.Functions;

/// <summary>
/// sprig's float math: <c>addf add1f subf mulf divf</c> run in shopspring/decimal (each operand the shortest decimal of
/// its float64, exact sums and products, quotients rounded half away from zero at 16 places, the result read back as the
/// nearest float64), and <c>maxf minf</c> as Go's <c>math.Max</c>/<c>math.Min</c>.
/// </summary>
internal static class FloatFunctions
{
    private const int DivisionPrecision = 16;

    public static void Register(IDictionary<string, TemplateFunction> t)
    {
        t["add1f"] = c => Fold(Operand(c.Exactly(1)[0]), [Exact.One], (a, b) => a + b);
        t["addf"] = c => Fold(Exact.Zero, c.Args.Select(Operand), (a, b) => a + b);
        t["subf"] = c => Fold(Operand(c.AtLeast(1)[0]), c.Args.Skip(1).Select(Operand), (a, b) => a - b);
        t["mulf"] = c => Fold(Operand(c.AtLeast(1)[0]), c.Args.Skip(1).Select(Operand), (a, b) => a * b);
        t["divf"] = c => Fold(Operand(c.AtLeast(1)[0]), c.Args.Skip(1).Select(Operand), Exact.Divide);
        t["maxf"] = c => c.AtLeast(1).Args.Skip(1).Aggregate(GoCast.ToFloat64(c[0]), (a, b) => Math.Max(a, GoCast.ToFloat64(b)));
        t["minf"] = c => c.AtLeast(1).Args.Skip(1).Aggregate(GoCast.ToFloat64(c[0]), (a, b) => Math.Min(a, GoCast.ToFloat64(b)));
    }

    private static Exact Operand(object? v)
    {
        var d = GoCast.ToFloat64(v);
        if (double.IsNaN(d) || double.IsInfinity(d)) throw new TemplateFunctionException($"Cannot create a Decimal from {GoValues.Format(d)}");
        return Exact.FromDouble(d);
    }

    private static double Fold(Exact first, IEnumerable<Exact> rest, Func<Exact, Exact, Exact> op) => rest.Aggregate(first, op).ToDouble();

    /// <summary>A decimal number mantissa × 10^exponent, exact.</summary>
    private readonly record struct Exact(BigInteger Mantissa, int Exponent)
    {
        public static Exact Zero => new(0, 0);

        public static Exact One => new(1, 0);

        public static Exact FromDouble(double d)
        {
            if (d == 0) return Zero;
            var text = d.ToString("R", CultureInfo.InvariantCulture);
            var e = 0;
            var at = text.IndexOf('E', StringComparison.Ordinal);
            if (at >= 0)
            {
                e = int.Parse(text.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                text = text[..at];
            }
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot >= 0)
            {
                e -= text.Length - dot - 1;
                text = text.Remove(dot, 1);
            }
            return new Exact(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), e);
        }

        private static (BigInteger A, BigInteger B, int E) Align(Exact a, Exact b)
        {
            var e = Math.Min(a.Exponent, b.Exponent);
            return (a.Mantissa * BigInteger.Pow(10, a.Exponent - e), b.Mantissa * BigInteger.Pow(10, b.Exponent - e), e);
        }

        public static Exact operator +(Exact a, Exact b)
        {
            var (x, y, e) = Align(a, b);
            return new Exact(x + y, e);
        }

        public static Exact operator -(Exact a, Exact b)
        {
            var (x, y, e) = Align(a, b);
            return new Exact(x - y, e);
        }

        public static Exact operator *(Exact a, Exact b) => new(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);

        /// <summary>shopspring's <c>Div</c>: the quotient at 16 decimal places, the last rounded half away from zero.</summary>
        public static Exact Divide(Exact a, Exact b)
        {
            if (b.Mantissa.IsZero) throw new TemplateFunctionException("decimal division by 0");
            // a/b = (ma/mb) * 10^(ea-eb); scale so the quotient is an integer count of 10^-16
            var shift = a.Exponent - b.Exponent + DivisionPrecision;
            var num = a.Mantissa;
            var den = b.Mantissa;
            if (shift >= 0) num *= BigInteger.Pow(10, shift);
            else den *= BigInteger.Pow(10, -shift);
            var q = BigInteger.DivRem(num, den, out var r);
            if (BigInteger.Abs(r) * 2 >= BigInteger.Abs(den)) q += num.Sign * den.Sign < 0 ? -1 : 1;
            return new Exact(q, -DivisionPrecision);
        }

        public double ToDouble()
        {
            var text = Mantissa.ToString(CultureInfo.InvariantCulture) + "E" + Exponent.ToString(CultureInfo.InvariantCulture);
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }
}
