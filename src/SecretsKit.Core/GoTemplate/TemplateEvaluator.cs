using System.Diagnostics;
using System.Text;

namespace SecretsKit.Core.GoTemplate;

/// <summary>
/// Executes parsed templates with Go <c>text/template</c> semantics: dot and <c>$</c>, variable scopes ending at
/// <c>{{end}}</c>, pipelines passing the value as the last argument, lazy <c>and</c>/<c>or</c>, <c>break</c>/<c>continue</c>,
/// and errors shaped <c>template: NAME:LINE:COL: executing "NAME" at &lt;node&gt;: …</c>.
/// </summary>
internal sealed class TemplateEvaluator(IReadOnlyDictionary<string, DefinedTemplate> defines, TemplateFunctions functions, TemplateOptions options)
{
    private const int MaxDepth = 100;
    private enum Flow { Normal, Break, Continue }

    private readonly List<(string Name, object? Value)> _vars = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private DefinedTemplate _current = null!;
    private int _depth;
    private long _steps;

    public string Execute(DefinedTemplate template, object? data)
    {
        var sb = new StringBuilder();
        Run(template, data, sb);
        return sb.ToString();
    }

    private void Run(DefinedTemplate template, object? data, StringBuilder sb)
    {
        if (++_depth > MaxDepth) throw Error(0, template.Name, $"exceeded maximum template depth ({MaxDepth})");
        var (savedTemplate, savedVars) = (_current, _vars.ToList());
        _current = template;
        _vars.Clear();
        _vars.Add(("$", data));
        try
        {
            Walk(template.Body, data, sb);
        }
        finally
        {
            _current = savedTemplate;
            _vars.Clear();
            _vars.AddRange(savedVars);
            _depth--;
        }
    }

    private GoTemplateException Error(int offset, string context, string message) =>
        new($"template: {_current?.Source.Location(offset) ?? "?"}: executing \"{_current?.Name}\" at <{context}>: {message}");

    private Flow Walk(IReadOnlyList<TemplateNode> nodes, object? dot, StringBuilder sb)
    {
        var mark = _vars.Count;
        try
        {
            foreach (var node in nodes)
            {
                var flow = Step(node, dot, sb);
                if (flow != Flow.Normal) return flow;
            }
            return Flow.Normal;
        }
        finally
        {
            _vars.RemoveRange(mark, _vars.Count - mark);
        }
    }

    /// <summary>Counts one evaluation step against <see cref="TemplateLimits"/>, and checks the time and output so far.</summary>
    private void Tick(int offset, string context, StringBuilder sb, long steps = 1)
    {
        var limits = options.Limits;
        _steps += steps;
        if (limits.MaxSteps > 0 && _steps > limits.MaxSteps)
        {
            throw Error(offset, context, $"template exceeded its budget of {limits.MaxSteps} evaluation steps");
        }
        if (limits.MaxOutput > 0 && sb.Length > limits.MaxOutput)
        {
            throw Error(offset, context, $"template output exceeded its limit of {limits.MaxOutput} characters");
        }
        if (limits.MaxDuration > TimeSpan.Zero && (_steps & 0x3FF) == 0 && Stopwatch.GetElapsedTime(_started) > limits.MaxDuration)
        {
            throw Error(offset, context, $"template exceeded its time limit of {limits.MaxDuration.TotalMilliseconds:0} ms");
        }
    }

    private Flow Step(TemplateNode node, object? dot, StringBuilder sb)
    {
        Tick(node.Offset, "template", sb);
        var flow = StepOnce(node, dot, sb);
        if (options.Limits.MaxOutput > 0 && sb.Length > options.Limits.MaxOutput) Tick(node.Offset, "template", sb, 0);
        return flow;
    }

    private Flow StepOnce(TemplateNode node, object? dot, StringBuilder sb)
    {
        switch (node)
        {
            case TextNode t:
                sb.Append(t.Text);
                return Flow.Normal;
            case ActionNode a:
                var value = EvalPipeline(a.Pipeline, dot);
                if (a.Pipeline.Variables.Count == 0) sb.Append(GoValues.Print(value));
                return Flow.Normal;
            case BranchNode b:
                var cond = EvalPipeline(b.Condition, dot);
                if (GoValues.IsTrue(cond)) return Walk(b.Then, b.IsWith ? cond : dot, sb);
                return b.Else is null ? Flow.Normal : Walk(b.Else, dot, sb);
            case RangeNode r:
                Range(r, dot, sb);
                return Flow.Normal;
            case TemplateCallNode c:
                if (!defines.TryGetValue(c.Name, out var target)) throw Error(c.Offset, $"template {c.Name}", $"no such template \"{c.Name}\"");
                Run(target, c.Data is null ? null : EvalPipeline(c.Data, dot), sb);
                return Flow.Normal;
            case LoopControlNode l:
                return l.IsBreak ? Flow.Break : Flow.Continue;
            default:
                throw new InvalidOperationException("unknown template node " + node.GetType().Name);
        }
    }

    private void Range(RangeNode r, object? dot, StringBuilder sb)
    {
        var source = EvalPipeline(r.Source with { Variables = [] }, dot);
        var items = source switch
        {
            null => [],
            IReadOnlyList<object?> list => list.Select((v, i) => ((object?)(long)i, v)).ToList(),
            IReadOnlyDictionary<string, object?> map => GoValues.Sorted(map).Select(kv => ((object?)kv.Key, kv.Value)).ToList(),
            long n and >= 0 when options.Limits.MaxSteps > 0 && n > options.Limits.MaxSteps - _steps
                => throw Error(r.Source.Offset, r.Source.Commands[0].Text, $"range over {n} exceeds the template's budget of {options.Limits.MaxSteps} evaluation steps"),
            long n and >= 0 and <= int.MaxValue => Enumerable.Range(0, (int)n).Select(i => ((object?)(long)i, (object?)(long)i)).ToList(),
            // Go prints the value here; SecretsKit names its type, so no (secret) value reaches the message
            _ => throw Error(r.Source.Offset, r.Source.Commands[0].Text, $"range can't iterate over a value of type {GoValues.TypeName(source)}"),
        };
        if (items.Count == 0)
        {
            if (r.Else is not null) Walk(r.Else, dot, sb);
            return;
        }
        var names = r.Source.Variables;
        foreach (var (key, value) in items)
        {
            var mark = _vars.Count;
            if (names.Count == 1) _vars.Add((names[0], value));
            if (names.Count == 2)
            {
                _vars.Add((names[0], key));
                _vars.Add((names[1], value));
            }
            Tick(r.Source.Offset, "range", sb);
            var flow = Walk(r.Body, value, sb);
            _vars.RemoveRange(mark, _vars.Count - mark);
            if (flow == Flow.Break) break;
        }
    }

    private object? EvalPipeline(Pipeline p, object? dot)
    {
        object? value = null;
        var piped = false;
        foreach (var command in p.Commands)
        {
            value = EvalCommand(command, dot, piped, value);
            piped = true;
        }
        foreach (var name in p.Variables)
        {
            if (!p.IsAssign)
            {
                _vars.Add((name, value));
                continue;
            }
            var index = _vars.FindLastIndex(v => v.Name == name);
            if (index < 0) throw Error(p.Offset, name, $"undefined variable: {name}");
            _vars[index] = (name, value);
        }
        return value;
    }

    private object? EvalCommand(Command command, object? dot, bool hasPiped, object? piped)
    {
        if (command.Args[0] is FunctionOperand f) return CallFunction(command, f.Name, command.Args.Skip(1).ToList(), dot, hasPiped, piped);
        if (command.Args.Count > 1 || hasPiped)
        {
            throw Error(command.Offset, command.Text, $"can't give argument to non-function {command.Args[0].Text}");
        }
        return EvalOperand(command.Args[0], dot);
    }

    private object? CallFunction(Command command, string name, List<Operand> operands, object? dot, bool hasPiped, object? piped)
    {
        if (name is "and" or "or") return ShortCircuit(command, name == "and", operands, dot, hasPiped, piped);
        var args = operands.Select(o => EvalOperand(o, dot)).ToList();
        if (hasPiped) args.Add(piped);
        var function = functions.Find(name)!;
        try
        {
            return function(new TemplateCall(name, args, functions, options));
        }
        catch (TemplateFunctionException e)
        {
            throw Error(command.Offset, command.Text, e.Wrapped ? $"error calling {name}: {e.Message}" : e.Message);
        }
    }

    private object? ShortCircuit(Command command, bool isAnd, List<Operand> operands, object? dot, bool hasPiped, object? piped)
    {
        var count = operands.Count + (hasPiped ? 1 : 0);
        if (count < 1) throw Error(command.Offset, command.Text, $"wrong number of args for {(isAnd ? "and" : "or")}: want at least 1 got 0");
        object? v = null;
        for (var i = 0; i < count; i++)
        {
            v = i < operands.Count ? EvalOperand(operands[i], dot) : piped;
            if (GoValues.IsTrue(v) != isAnd) return v;
        }
        return v;
    }

    private object? EvalOperand(Operand operand, object? dot) => operand switch
    {
        LiteralOperand l => l.Value,
        NilOperand => null,
        FieldOperand f => Fields(f, dot, f.Chain),
        VariableOperand v => Fields(v, Lookup(v), v.Chain),
        FunctionOperand fn => CallFunction(new Command(fn.Offset, fn.Name, [fn]), fn.Name, [], dot, false, null),
        PipelineOperand p => Fields(p, EvalPipeline(p.Pipeline, dot), p.Chain),
        _ => throw new InvalidOperationException("unknown operand"),
    };

    private object? Lookup(VariableOperand v)
    {
        var index = _vars.FindLastIndex(x => x.Name == v.Name);
        return index >= 0 ? _vars[index].Value : throw Error(v.Offset, v.Text, $"undefined variable: {v.Name}");
    }

    private object? Fields(Operand at, object? value, IReadOnlyList<string> chain)
    {
        foreach (var field in chain)
        {
            value = value switch
            {
                null when options.MissingKeyIsError => throw Error(at.Offset, at.Text, $"nil data; no entry for key \"{field}\""),
                null => null,
                IReadOnlyDictionary<string, object?> map => map.TryGetValue(field, out var v) ? v
                    : options.MissingKeyIsError ? throw Error(at.Offset, at.Text, $"map has no entry for key \"{field}\"") : null,
                GoStruct s => s.Fields.TryGetValue(field, out var v) ? v : throw Error(at.Offset, at.Text, $"can't evaluate field {field} in type {s.TypeName}"),
                _ => throw Error(at.Offset, at.Text, $"can't evaluate field {field} in type {GoValues.TypeName(value)}"),
            };
        }
        return value;
    }
}
