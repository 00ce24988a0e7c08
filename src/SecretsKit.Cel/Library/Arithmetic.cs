using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Library;

/// <summary>cel-spec arithmetic: int and uint overflow is an error (never wraps), division and modulus by zero are
/// errors, doubles follow IEEE 754; timestamps and durations add and subtract within their ranges.</summary>
internal static class Arithmetic
{
    public static object? Add(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (long x, long y) => checked(x + y),
                (ulong x, ulong y) => checked(x + y),
                (double x, double y) => x + y,
                (CelTimestamp t, CelDuration d) => Timestamp(t.UnixNanos + d.Nanos),
                (CelDuration d, CelTimestamp t) => Timestamp(t.UnixNanos + d.Nanos),
                (CelDuration x, CelDuration y) => Duration(x.Nanos + y.Nanos),
                _ => CelError.NoOverload("_+_"),
            };
        }
        catch (OverflowException)
        {
            return CelError.Overflow();
        }
    }

    public static object? Subtract(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (long x, long y) => checked(x - y),
                (ulong x, ulong y) => checked(x - y),
                (double x, double y) => x - y,
                (CelTimestamp t, CelDuration d) => Timestamp(t.UnixNanos - d.Nanos),
                (CelTimestamp x, CelTimestamp y) => Duration(x.UnixNanos - y.UnixNanos),
                (CelDuration x, CelDuration y) => Duration(x.Nanos - y.Nanos),
                _ => CelError.NoOverload("_-_"),
            };
        }
        catch (OverflowException)
        {
            return CelError.Overflow();
        }
    }

    public static object? Multiply(object? a, object? b)
    {
        try
        {
            return (a, b) switch
            {
                (long x, long y) => checked(x * y),
                (ulong x, ulong y) => checked(x * y),
                (double x, double y) => x * y,
                _ => CelError.NoOverload("_*_"),
            };
        }
        catch (OverflowException)
        {
            return CelError.Overflow();
        }
    }

    public static object? Divide(object? a, object? b) => (a, b) switch
    {
        (long _, 0L) or (ulong _, 0UL) => new CelError(CelErrorKind.DivideByZero, "division by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? CelError.Overflow() : x / y,
        (ulong x, ulong y) => x / y,
        (double x, double y) => x / y,
        _ => CelError.NoOverload("_/_"),
    };

    public static object? Modulo(object? a, object? b) => (a, b) switch
    {
        (long _, 0L) or (ulong _, 0UL) => new CelError(CelErrorKind.DivideByZero, "modulus by zero"),
        (long x, long y) => x == long.MinValue && y == -1 ? CelError.Overflow() : x % y,
        (ulong x, ulong y) => x % y,
        _ => CelError.NoOverload("_%_"),
    };

    public static object? Negate(object? a) => a switch
    {
        long x => x == long.MinValue ? CelError.Overflow() : -x,
        double x => -x,
        CelDuration d => new CelDuration(-d.Nanos),
        _ => CelError.NoOverload("-_"),
    };

    public static object Timestamp(Int128 nanos) =>
        CelTimestamp.InRange(nanos) ? new CelTimestamp(nanos) : CelError.Overflow("timestamp");

    public static object Duration(Int128 nanos) =>
        CelDuration.InRange(nanos) ? new CelDuration(nanos) : CelError.Overflow("duration");
}
