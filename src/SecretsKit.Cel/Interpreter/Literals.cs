using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Interpreter;

/// <summary>List and map literals: elements evaluated in order, optional entries (<c>?e</c>) kept only when the
/// optional has a value, map keys limited to int, uint, bool and string and never repeated.</summary>
internal static class Literals
{
    public static object? List(Evaluator evaluator, EvalContext context, ListExpr list, Scope? scope)
    {
        context.Charge(list.Elements.Count);
        if (list.Constant is { } constant)
            return constant;
        var items = new object?[list.Elements.Count];
        var kept = new List<object?>(list.Elements.Count);
        for (var i = 0; i < list.Elements.Count; i++)
        {
            var value = evaluator.Eval(list.Elements[i], scope);
            items[i] = value;
            if (!list.OptionalIndices.Contains(i))
                kept.Add(value);
            else if (value is CelOptional optional)
            {
                if (optional.HasValue)
                    kept.Add(optional.Value);
            }
            else if (value is not (CelError or CelUnknown))
                items[i] = CelError.NoOverload("optional list element");
        }
        return Logic.FirstErrorOrUnknown(items) ?? new CelList(kept);
    }

    public static object? Map(Evaluator evaluator, EvalContext context, MapExpr map, Scope? scope)
    {
        context.Charge(map.Entries.Count);
        var entries = new Dictionary<object, object?>(CelKeyComparer.Instance);
        var order = new List<KeyValuePair<object, object?>>();
        foreach (var entry in map.Entries)
        {
            var key = evaluator.Eval(entry.Key, scope);
            var value = evaluator.Eval(entry.Value, scope);
            if (Logic.FirstErrorOrUnknown([key, value]) is { } failed)
                return failed;
            if (key is not (long or ulong or bool or string))
                return new CelError(CelErrorKind.UnsupportedType, $"unsupported key type: {CelValues.TypeOf(key)}");
            if (entry.Optional)
            {
                if (value is not CelOptional optional)
                    return CelError.NoOverload("optional map entry");
                if (!optional.HasValue)
                    continue;
                value = optional.Value;
            }
            if (!entries.TryAdd(key, value))
                return new CelError(CelErrorKind.DuplicateKey, $"Failed with repeated key: {key}");
            order.Add(new KeyValuePair<object, object?>(key, value));
        }
        return new CelMap(order);
    }
}
