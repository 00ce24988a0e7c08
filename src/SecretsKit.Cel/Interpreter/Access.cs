using System.Globalization;
using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Interpreter;

/// <summary>Field selection and indexing, with their optional forms: on an optional operand both chain (none stays
/// none; a value is selected optionally).</summary>
internal static class Access
{
    public static object? Field(object? operand, string field, bool testOnly, bool optional)
    {
        if (operand is CelError or CelUnknown)
            return operand;
        if (operand is CelOptional chained)
        {
            if (testOnly)
                return Logic.Box(chained.HasValue && Field(chained.Value, field, testOnly: true, optional: false) is true);
            return chained.HasValue ? Field(chained.Value, field, testOnly: false, optional: true) : CelOptional.None;
        }
        if (operand is CelMap map)
        {
            var found = map.TryGetValue(field, out var value);
            return found || testOnly || optional ? Selected(found, value, testOnly, optional) : new CelError(CelErrorKind.NoSuchKey, $"no such key: {field}");
        }
        if (operand is ICelFields fields)
        {
            var found = fields.TryGetField(field, out var value);
            return found || testOnly || optional ? Selected(found, value, testOnly, optional) : new CelError(CelErrorKind.NoSuchField, $"no such field: {field}");
        }
        return new CelError(CelErrorKind.NoSuchOverload,
            $"type '{CelValues.TypeOf(operand)}' does not support field selection");
    }

    /// <summary>A selection's result when the field is there or the selection is a test or optional (the error of a
    /// missing field is worded by the caller, only then).</summary>
    private static object? Selected(bool found, object? value, bool testOnly, bool optional)
    {
        if (testOnly)
            return Logic.Box(found);
        if (optional)
            return found ? CelOptional.Of(value) : CelOptional.None;
        return value;
    }

    public static object? Index(object? operand, object? index, bool optional)
    {
        if (operand is CelOptional chained)
            return chained.HasValue ? Index(chained.Value, index, optional: true) : CelOptional.None;
        switch (operand)
        {
            case CelList list:
                var position = ListIndex(index);
                if (position is CelError)
                    return position;
                var i = (long)position!;
                if (i >= 0 && i < list.Count)
                    return optional ? CelOptional.Of(list[(int)i]) : list[(int)i];
                return optional ? CelOptional.None : new CelError(CelErrorKind.IndexOutOfRange, $"index out of bounds: {i}");
            case CelMap map:
                if (index is not (long or ulong or bool or string or double))
                    return optional ? CelOptional.None : new CelError(CelErrorKind.NoSuchKey, $"unsupported key type: {CelValues.TypeOf(index)}");
                if (TryLookup(map, index, out var value))
                    return optional ? CelOptional.Of(value) : value;
                return optional ? CelOptional.None : new CelError(CelErrorKind.NoSuchKey, $"no such key: {Format(index)}");
            default:
                return CelError.NoOverload("_[_]");
        }
    }

    /// <summary>Looks a key up with cel-spec's numeric equivalence: a double key finds the int or uint of the same
    /// value.</summary>
    public static bool TryLookup(CelMap map, object? key, out object? value)
    {
        value = null;
        if (key is double d)
        {
            if (d == Math.Truncate(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0 && map.TryGetValue((long)d, out value))
                return true;
            return d == Math.Truncate(d) && d >= 0 && d < 18446744073709551616.0 && map.TryGetValue((ulong)d, out value);
        }
        return key is not null && map.TryGetValue(key, out value);
    }

    private static object ListIndex(object? index) => index switch
    {
        long l => l,
        ulong u => u > long.MaxValue ? new CelError(CelErrorKind.IndexOutOfRange, $"index out of bounds: {u}") : (long)u,
        double d when d == Math.Truncate(d) && Math.Abs(d) < 9.2e18 => (long)d,
        double d => new CelError(CelErrorKind.InvalidArgument, $"unsupported index value: {d.ToString(CultureInfo.InvariantCulture)}"),
        _ => CelError.NoOverload("_[_]"),
    };

    private static string Format(object key) => key switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? "",
    };

    /// <summary>The dotted name of a chain of plain selections on an identifier, or null.</summary>
    public static string? QualifiedName(Expr expr) => expr switch
    {
        IdentExpr ident => ident.Name,
        SelectExpr { TestOnly: false, Optional: false } select when QualifiedName(select.Operand) is { } inner => inner + "." + select.Field,
        _ => null,
    };
}
