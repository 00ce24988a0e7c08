using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Interpreter;

/// <summary>The macros. A list is iterated by element (the two-variable forms bind index and element), a map by
/// key (two variables: key and value). <c>all</c>/<c>exists</c> absorb errors the result does not depend on;
/// <c>map</c>, <c>filter</c> and the transforms charge their result's size before allocating it.</summary>
internal sealed class Comprehensions(EvalContext context)
{
    public object? Eval(Evaluator evaluator, MacroExpr macro, Scope? scope)
    {
        var range = evaluator.Eval(macro.Range, scope);
        if (range is CelError or CelUnknown)
            return range;
        switch (macro.Kind)
        {
            case MacroKind.Bind:
                return evaluator.Eval(macro.Step, new Scope(macro.IterVar, range, scope));
            case MacroKind.OptMap or MacroKind.OptFlatMap:
                return OptionalMap(evaluator, macro, range, scope);
        }
        var items = Iteration(range, macro.IterVar2 is not null);
        if (items is null)
            return new CelError(CelErrorKind.NoSuchOverload, $"expression of type '{CelValues.TypeOf(range)}' cannot be the range of a comprehension");
        return macro.Kind switch
        {
            MacroKind.All => Quantified(evaluator, macro, items, scope, stopOn: false),
            MacroKind.Exists => Quantified(evaluator, macro, items, scope, stopOn: true),
            MacroKind.ExistsOne => ExistsOne(evaluator, macro, items, scope),
            MacroKind.TransformMap or MacroKind.TransformMapEntry => TransformMap(evaluator, macro, items, scope),
            _ => Collect(evaluator, macro, items, scope),
        };
    }

    /// <summary>The (first variable, second variable) pairs to iterate, or null when the range is not a list or map.</summary>
    private static Iteration? Iteration(object? range, bool twoVariables) => range switch
    {
        CelList list => new Iteration(list, null, twoVariables),
        CelMap map => new Iteration(null, map, twoVariables),
        _ => null,
    };

    /// <summary>The comprehension's variables, bound once below <paramref name="scope"/>; <see cref="Bind"/> sets them per element.</summary>
    private static Scope Variables(MacroExpr macro, Scope? scope) =>
        macro.IterVar2 is null
            ? new Scope(macro.IterVar, null, scope)
            : new Scope(macro.IterVar2, null, new Scope(macro.IterVar, null, scope));

    private static Scope Bind(MacroExpr macro, (object? First, object? Second) item, Scope variables)
    {
        if (macro.IterVar2 is null)
        {
            variables.Value = item.First;
            return variables;
        }
        variables.Value = item.Second;
        variables.Parent!.Value = item.First;
        return variables;
    }

    private object? Quantified(Evaluator evaluator, MacroExpr macro, Iteration items, Scope? scope, bool stopOn)
    {
        object? pending = null;
        var variables = Variables(macro, scope);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            context.Charge(1);
            var result = evaluator.Eval(macro.Step, Bind(macro, item, variables));
            if (result is bool b)
            {
                if (b == stopOn)
                    return Logic.Box(stopOn);
                continue;
            }
            pending = (pending, result) switch
            {
                (CelUnknown a, CelUnknown u) => CelUnknown.Merge(a, u),
                (_, CelUnknown u) => u,
                (CelUnknown a, _) => a,
                (null, CelError e) => e,
                (null, _) => CelError.NoOverload(stopOn ? "exists" : "all"),
                _ => pending,
            };
        }
        return pending ?? Logic.Box(!stopOn);
    }

    private object? ExistsOne(Evaluator evaluator, MacroExpr macro, Iteration items, Scope? scope)
    {
        var count = 0;
        var variables = Variables(macro, scope);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            context.Charge(1);
            var result = evaluator.Eval(macro.Step, Bind(macro, item, variables));
            if (result is true)
                count++;
            else if (result is not false)
                return result is CelError or CelUnknown ? result : CelError.NoOverload("exists_one");
        }
        return Logic.Box(count == 1);
    }

    /// <summary>map, filter, transformList: the result list.</summary>
    private object? Collect(Evaluator evaluator, MacroExpr macro, Iteration items, Scope? scope)
    {
        context.Charge(items.Count);
        var result = new List<object?>(items.Count);
        var variables = Variables(macro, scope);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            context.Charge(1);
            var bound = Bind(macro, item, variables);
            var keep = Keep(evaluator, macro.Kind == MacroKind.Filter ? macro.Step : macro.Filter, bound);
            if (keep is not true)
            {
                if (keep is false)
                    continue;
                return keep;
            }
            if (macro.Kind == MacroKind.Filter)
            {
                result.Add(item.First);
                continue;
            }
            var value = evaluator.Eval(macro.Step, bound);
            if (value is CelError or CelUnknown)
                return value;
            result.Add(value);
        }
        return new CelList(result);
    }

    private object? TransformMap(Evaluator evaluator, MacroExpr macro, Iteration items, Scope? scope)
    {
        context.Charge(items.Count);
        var result = new List<KeyValuePair<object, object?>>(items.Count);
        var seen = new HashSet<object>(CelKeyComparer.Instance);
        var variables = Variables(macro, scope);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            context.Charge(1);
            var bound = Bind(macro, item, variables);
            var keep = Keep(evaluator, macro.Filter, bound);
            if (keep is not true)
            {
                if (keep is false)
                    continue;
                return keep;
            }
            var value = evaluator.Eval(macro.Step, bound);
            if (value is CelError or CelUnknown)
                return value;
            var entries = macro.Kind == MacroKind.TransformMap
                ? [new KeyValuePair<object, object?>(item.First!, value)]
                : value is CelMap entry ? entry.Entries.ToList() : null;
            if (entries is null)
                return CelError.NoOverload("transformMapEntry");
            foreach (var e in entries)
            {
                if (!seen.Add(e.Key))
                    return new CelError(CelErrorKind.DuplicateKey, $"insert failed: key {e.Key} already exists");
                result.Add(e);
            }
        }
        return new CelMap(result);
    }

    /// <summary>The filter's verdict for one element: true (no filter, or it holds), false, or the error or
    /// unknown to end the comprehension with.</summary>
    private static object? Keep(Evaluator evaluator, Expr? filter, Scope bound)
    {
        if (filter is null)
            return true;
        var keep = evaluator.Eval(filter, bound);
        return keep is bool or CelError or CelUnknown ? keep : CelError.NoOverload("filter");
    }

    private static object? OptionalMap(Evaluator evaluator, MacroExpr macro, object? range, Scope? scope)
    {
        if (range is not CelOptional optional)
            return CelError.NoOverload(macro.Kind == MacroKind.OptMap ? "optMap" : "optFlatMap");
        if (!optional.HasValue)
            return CelOptional.None;
        var value = evaluator.Eval(macro.Step, new Scope(macro.IterVar, optional.Value, scope));
        if (macro.Kind == MacroKind.OptMap || value is CelError or CelUnknown)
            return macro.Kind == MacroKind.OptMap && value is not (CelError or CelUnknown) ? CelOptional.Of(value) : value;
        return value is CelOptional ? value : CelError.NoOverload("optFlatMap");
    }
}
