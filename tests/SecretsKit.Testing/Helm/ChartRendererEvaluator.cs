using System.Text;

namespace SecretsKit.Testing.Helm;

/// <summary>Executes parsed templates with Go text/template semantics (scopes, <c>$</c>, pipelines, missing keys as nil).</summary>
internal sealed class ChartRendererEvaluator(IReadOnlyDictionary<string, IReadOnlyList<TemplateNode>> defines, string file)
{
    private const int MaxDepth = 100;
    private List<(string Name, object? Value)> _vars = [];
    private int _depth;
    private int _line;

    /// <summary>Runs <paramref name="nodes"/> with <paramref name="data"/> as both dot and <c>$</c>.</summary>
    public string Execute(IReadOnlyList<TemplateNode> nodes, object? data)
    {
        if (++_depth > MaxDepth) throw Error("template recursion deeper than " + MaxDepth);
        var saved = _vars;
        _vars = [("$", data)];
        var sb = new StringBuilder();
        try
        {
            Walk(nodes, data, sb);
        }
        finally
        {
            _vars = saved;
            _depth--;
        }
        return sb.ToString();
    }

    /// <summary>Helm's <c>include</c>: a named template rendered to a string.</summary>
    public string Include(string name, object? data) =>
        defines.TryGetValue(name, out var body) ? Execute(body, data) : throw Error($"no template \"{name}\" associated with template");

    public ChartRendererException Error(string what) => new($"{file}:{_line}: {what}");

    private void Walk(IReadOnlyList<TemplateNode> nodes, object? dot, StringBuilder sb)
    {
        var mark = _vars.Count;
        foreach (var node in nodes)
        {
            _line = node.Line;
            switch (node)
            {
                case TextNode t:
                    sb.Append(t.Text);
                    break;
                case ActionNode a:
                {
                    var v = EvalPipeline(a.Pipeline, dot);
                    if (a.Pipeline.Variables.Count == 0) sb.Append(ChartRendererValues.Print(v));
                    break;
                }
                case IfNode i:
                    if (ChartRendererValues.IsTrue(EvalPipeline(i.Condition, dot))) Walk(i.Then, dot, sb);
                    else if (i.Else is not null) Walk(i.Else, dot, sb);
                    break;
                case WithNode w:
                {
                    var v = EvalPipeline(w.Value, dot);
                    if (ChartRendererValues.IsTrue(v)) Walk(w.Then, v, sb);
                    else if (w.Else is not null) Walk(w.Else, dot, sb);
                    break;
                }
                case RangeNode r:
                    Range(r, dot, sb);
                    break;
                case TemplateCallNode c:
                    sb.Append(Include(c.Name, c.Data is null ? null : EvalPipeline(c.Data, dot)));
                    break;
                default:
                    throw Error("unknown node " + node.GetType().Name);
            }
        }
        _vars.RemoveRange(mark, _vars.Count - mark);
    }

    private void Range(RangeNode r, object? dot, StringBuilder sb)
    {
        var source = EvalPipeline(r.Source with { Variables = [] }, dot);
        var items = source switch
        {
            null => [],
            IList<object?> list => list.Select((v, i) => ((object?)(long)i, v)).ToList(),
            IDictionary<string, object?> map => map.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ((object?)kv.Key, kv.Value)).ToList(),
            _ => throw Error($"range can't iterate over {ChartRendererValues.TypeName(source)}"),
        };
        if (items.Count == 0)
        {
            if (r.Else is not null) Walk(r.Else, dot, sb);
            return;
        }
        var names = r.Source.Variables;
        if (names.Count > 2) throw Error("too many variables in range");
        foreach (var (key, value) in items)
        {
            var mark = _vars.Count;
            if (names.Count == 1) _vars.Add((names[0], value));
            if (names.Count == 2)
            {
                _vars.Add((names[0], key));
                _vars.Add((names[1], value));
            }
            Walk(r.Body, value, sb);
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    private object? EvalPipeline(Pipeline p, object? dot)
    {
        object? value = null;
        var hasPiped = false;
        foreach (var command in p.Commands)
        {
            value = EvalCommand(command, dot, hasPiped, value);
            hasPiped = true;
        }
        if (p.Variables.Count > 1) throw Error("too many declarations in command");
        if (p.Variables.Count == 1)
        {
            var name = p.Variables[0];
            if (p.IsAssign)
            {
                var index = _vars.FindLastIndex(v => v.Name == name);
                if (index < 0) throw Error($"undefined variable: {name}");
                _vars[index] = (name, value);
            }
            else _vars.Add((name, value));
        }
        return value;
    }

    private object? EvalCommand(Command command, object? dot, bool hasPiped, object? piped)
    {
        if (command.Args[0] is FunctionOperand f)
        {
            var args = command.Args.Skip(1).ToList();
            if (f.Name is "and" or "or") return ShortCircuit(f.Name == "and", args, dot, hasPiped, piped);
            var values = args.Select(a => EvalOperand(a, dot)).ToList();
            if (hasPiped) values.Add(piped);
            return Call(f.Name, values);
        }
        if (command.Args.Count > 1 || hasPiped) throw Error("can't give argument to non-function " + Describe(command.Args[0]));
        return EvalOperand(command.Args[0], dot);
    }

    private object? ShortCircuit(bool isAnd, List<Operand> args, object? dot, bool hasPiped, object? piped)
    {
        var count = args.Count + (hasPiped ? 1 : 0);
        if (count < 2) throw Error($"wrong number of args for {(isAnd ? "and" : "or")}: want at least 2 got {count}");
        object? v = null;
        for (var i = 0; i < count; i++)
        {
            v = i < args.Count ? EvalOperand(args[i], dot) : piped;
            if (ChartRendererValues.IsTrue(v) != isAnd) return v;
        }
        return v;
    }

    private object? Call(string name, List<object?> args)
    {
        try
        {
            return ChartRendererFunctions.Invoke(this, name, args);
        }
        catch (ChartRendererException)
        {
            throw;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            throw Error($"error calling {name}: {e.Message}");
        }
    }

    private object? EvalOperand(Operand operand, object? dot) => operand switch
    {
        LiteralOperand l => l.Value,
        FieldOperand f => Walk(dot, f.Chain),
        VariableOperand v => Walk(Lookup(v.Name), v.Chain),
        FunctionOperand fn => Call(fn.Name, []),
        SubPipelineOperand s => EvalPipeline(s.Pipeline, dot),
        _ => throw Error("unknown operand"),
    };

    private object? Lookup(string name)
    {
        var index = _vars.FindLastIndex(v => v.Name == name);
        return index >= 0 ? _vars[index].Value : throw Error($"undefined variable: {name}");
    }

    private object? Walk(object? value, IReadOnlyList<string> chain)
    {
        foreach (var field in chain)
        {
            value = value switch
            {
                null => throw Error($"nil pointer evaluating interface {{}}.{field}"),
                IDictionary<string, object?> map => map.TryGetValue(field, out var v) ? v : null,
                ChartRendererStruct s => s.Fields.TryGetValue(field, out var v)
                    ? v
                    : throw Error($"can't evaluate field {field} in type {s.TypeName}"),
                _ => throw Error($"can't evaluate field {field} in type {ChartRendererValues.TypeName(value)}"),
            };
        }
        return value;
    }

    private static string Describe(Operand o) => o switch
    {
        FieldOperand f => "." + string.Join('.', f.Chain),
        VariableOperand v => v.Name + string.Concat(v.Chain.Select(c => "." + c)),
        LiteralOperand l => ChartRendererValues.Print(l.Value),
        _ => o.GetType().Name,
    };
}
