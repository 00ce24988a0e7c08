using System.Text;
using SecretsKit.Go;
using SecretsKit.Go.Fmt;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates;

/// <summary>
/// Executes parsed templates with Go <c>text/template</c> semantics: dot and <c>$</c>, variable scopes ending at
/// <c>{{end}}</c> (a variable declared in an <c>if</c>/<c>with</c>/<c>range</c> pipeline included), pipelines passing
/// the value as the last argument, lazy <c>and</c>/<c>or</c>, <c>break</c>/<c>continue</c>, and errors shaped
/// <c>template: NAME:LINE:COL: executing "NAME" at &lt;node&gt;: …</c>. Budgets live in the shared <see cref="TemplateExecution"/>.
/// </summary>
internal sealed partial class TemplateEvaluator(IReadOnlyDictionary<string, DefinedTemplate> defines, TemplateFunctions functions, TemplateExecution execution)
{
    private enum Flow { Normal, Break, Continue }

    private readonly List<(string Name, object? Value)> _vars = [];
    private DefinedTemplate _current = null!;

    /// <summary>The node evaluated last (Go's <c>state.at</c>): where a type error found after evaluating it is reported.</summary>
    private (int Offset, string Text) _at;

    private TemplateOptions Options => execution.Options;

    public string Execute(DefinedTemplate template, object? data)
    {
        var sb = new StringBuilder();
        Run(template, data, sb, template.Body.Count > 0 ? template.Body[0].Offset : 0);
        return sb.ToString();
    }

    private void Run(DefinedTemplate template, object? data, StringBuilder sb, int offset)
    {
        var (savedTemplate, savedVars) = (_current, _vars.ToList());
        if (execution.Enter() is { } exceeded)
        {
            _current ??= template;
            throw Error(offset, $"template {template.Name}", exceeded);
        }
        _current = template;
        _vars.Clear();
        _vars.Add(("$", data));
        try
        {
            Walk(template.Body, data, sb);
        }
        finally
        {
            _current = savedTemplate ?? template;
            _vars.Clear();
            _vars.AddRange(savedVars);
            execution.Leave();
        }
    }

    private GoTemplateException Error(int offset, string context, string message) => new(Prefix(offset, context) + message) { Executing = true };

    /// <summary>Go's <c>template: NAME:LINE:COL: executing "NAME" at &lt;CONTEXT&gt;: </c> before an execution error.</summary>
    private string Prefix(int offset, string context) => $"template: {_current.Source.Location(offset)}: executing \"{_current.Name}\" at <{context}>: ";

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
            Pop(mark);
        }
    }

    private void Pop(int mark) => _vars.RemoveRange(mark, _vars.Count - mark);

    private void Tick(int offset, string context, StringBuilder sb)
    {
        if (execution.Tick() is { } exceeded) throw Error(offset, context, exceeded);
        CheckOutput(offset, context, sb);
    }

    private void CheckOutput(int offset, string context, StringBuilder sb)
    {
        if (Options.Limits.MaxOutput > 0 && sb.Length > Options.Limits.MaxOutput)
        {
            throw Error(offset, context, $"template output exceeded its limit of {Options.Limits.MaxOutput} characters");
        }
    }

    private Flow Step(TemplateNode node, object? dot, StringBuilder sb)
    {
        Tick(node.Offset, "template", sb);
        var flow = StepOnce(node, dot, sb);
        CheckOutput(node.Offset, "template", sb);
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
                if (a.Pipeline.Variables.Count == 0) PrintValue(a.Pipeline, value, sb);
                return Flow.Normal;
            case BranchNode b:
            {
                var mark = _vars.Count;
                try
                {
                    var cond = EvalPipeline(b.Condition, dot);
                    if (GoValues.IsTrue(cond)) return Walk(b.Then, b.IsWith ? cond : dot, sb);
                    return b.Else is null ? Flow.Normal : Walk(b.Else, dot, sb);
                }
                finally
                {
                    Pop(mark);
                }
            }
            case RangeNode r:
            {
                var mark = _vars.Count;
                try
                {
                    Range(r, dot, sb);
                }
                finally
                {
                    Pop(mark);
                }
                return Flow.Normal;
            }
            case TemplateCallNode c:
                if (!defines.TryGetValue(c.Name, out var target))
                {
                    var shown = "{{template " + GoValues.Quote(c.Name) + (c.Data is null ? "" : " " + string.Join(" | ", c.Data.Commands.Select(x => x.Text))) + "}}";
                    throw Error(c.Offset, shown, $"template {GoValues.Quote(c.Name)} not defined");
                }
                Run(target, c.Data is null ? null : EvalPipeline(c.Data, dot), sb, c.Offset);
                return Flow.Normal;
            case LoopControlNode l:
                return l.IsBreak ? Flow.Break : Flow.Continue;
            default:
                throw new InvalidOperationException("unknown template node " + node.GetType().Name);
        }
    }

    private void PrintValue(Pipeline p, object? value, StringBuilder sb)
    {
        if (value is null)
        {
            sb.Append("<no value>");
            return;
        }
        string text;
        try
        {
            text = GoFormat.Value(value, 'v', Options.Limits.MaxOutput > 0 ? Math.Max(1, Options.Limits.MaxOutput - sb.Length) : 0);
        }
        catch (GoException e)
        {
            text = e.Message;
            throw Error(p.Offset, p.Commands[^1].Text, text);
        }
        sb.Append(text);
    }

    private void Range(RangeNode r, object? dot, StringBuilder sb)
    {
        // Go evaluates the declaration with the pipeline (`:=` declares, `=` must name a variable in scope), then binds
        // each iteration's values: pushed for `:=`, assigned for `=`
        var outer = _vars.Count;
        var source = EvalPipeline(r.Source, dot);
        var context = r.Source.Commands[0].Text;
        IEnumerable<(object? Key, object? Value)> items = source switch
        {
            null => [],
            IReadOnlyList<object?> list => list.Select((v, i) => ((object?)(long)i, v)),
            IReadOnlyDictionary<string, object?> map => GoTypes.Sorted(map).Select(kv => ((object?)kv.Key, kv.Value)),
            _ when GoTypes.IsInteger(source) => RangeInt(GoTypes.IntegerValue(source)),
            // Go prints the value here; SecretsKit names its type, so no (secret) value reaches the message (a documented deviation)
            _ => throw Error(r.Source.Offset, context, $"range can't iterate over a value of type {GoTypes.TypeName(source)}"),
        };
        var names = r.Source.Variables;
        var any = false;
        foreach (var (key, value) in items)
        {
            any = true;
            var mark = _vars.Count;
            if (names.Count == 1) Bind(names[0], value, r.Source.IsAssign);
            if (names.Count == 2)
            {
                Bind(names[0], key, r.Source.IsAssign);
                Bind(names[1], value, r.Source.IsAssign);
            }
            Tick(r.Source.Offset, "range", sb);
            var flow = Walk(r.Body, value, sb);
            Pop(mark);
            if (flow == Flow.Break) break;
        }
        if (!any && r.Else is not null) Walk(r.Else, dot, sb);
        Pop(outer);
    }

    /// <summary>A range variable for one iteration: a new one for <c>:=</c>, the one in scope for <c>=</c>.</summary>
    private void Bind(string name, object? value, bool assign)
    {
        if (assign) _vars[_vars.FindLastIndex(v => v.Name == name)] = (name, value);
        else _vars.Add((name, value));
    }

    private static IEnumerable<(object? Key, object? Value)> RangeInt(long n)
    {
        for (long i = 0; i < n; i++) yield return (i, i);
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
            // Go reports it at the node evaluated last
            var lastNode = p.Commands[^1].Args[^1];
            if (index < 0) throw Error(lastNode.Offset, lastNode.Text, $"undefined variable: {name}");
            _vars[index] = (name, value);
        }
        return value;
    }

    private object? EvalCommand(Command command, object? dot, bool hasPiped, object? piped)
    {
        var first = command.Args[0];
        switch (first)
        {
            case FunctionOperand f:
                return CallFunction(command, f.Name, command.Args.Skip(1).ToList(), dot, hasPiped, piped);
            case FieldOperand { Chain.Count: > 0 } field:
                return Fields(field, dot, field.Chain, command.Args.Skip(1).ToList(), hasPiped, piped, dot);
            case VariableOperand { Chain.Count: > 0 } variable:
                return Fields(variable, Lookup(variable), variable.Chain, command.Args.Skip(1).ToList(), hasPiped, piped, dot);
            case PipelineOperand { Chain.Count: > 0 } chained:
                return Fields(chained, EvalPipeline(chained.Pipeline, dot), chained.Chain, command.Args.Skip(1).ToList(), hasPiped, piped, dot);
            case NilOperand:
                throw Error(first.Offset, "nil", "nil is not a command");
        }
        if (command.Args.Count > 1 || hasPiped)
        {
            var name = first is PipelineOperand p ? GoValues.Format(EvalPipeline(p.Pipeline, dot)) : first.Text;
            throw Error(first.Offset, first is PipelineOperand ? command.Text : first.Text, $"can't give argument to non-function {name}");
        }
        return EvalOperand(first, dot);
    }
}
