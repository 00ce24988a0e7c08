using System.Runtime.CompilerServices;
using SecretsKit.Go;
using SecretsKit.Go.Values;
using SecretsKit.Templates.Calls;
using SecretsKit.Templates.Syntax;

namespace SecretsKit.Templates;

/// <summary>Function calls, operands, variables and field chains (map keys, struct fields, methods (<see cref="GoMethods"/>)).</summary>
internal sealed partial class TemplateEvaluator
{
    private object? CallFunction(Command command, string name, List<Operand> operands, object? dot, bool hasPiped, object? piped)
    {
        if (name is "and" or "or") return ShortCircuit(command, name == "and", operands, dot, hasPiped, piped);
        _at = (command.Args[0].Offset, command.Args[0].Text);
        // Go checks each argument's type right after evaluating it, at the last node it evaluated inside it
        var args = new List<object?>(operands.Count + 1);
        var sites = new List<(int Offset, string Text)>(operands.Count);
        foreach (var operand in operands)
        {
            args.Add(EvalOperand(operand, dot));
            sites.Add(_at);
        }
        if (hasPiped) args.Add(piped);
        var function = functions.Find(name) ?? throw Error(command.Offset, name, $"\"{name}\" is not a defined function");
        var constants = operands.Select(o => o switch
        {
            NilOperand => ((TokenKind, string)?)(TokenKind.Nil, "nil"),
            LiteralOperand { Value: string } l => (TokenKind.String, l.Text),
            LiteralOperand { Value: bool } l => (TokenKind.Bool, l.Text),
            LiteralOperand l => (TokenKind.Number, l.Text),
            _ => null,
        }).ToList();
        if (hasPiped) constants.Add(null);
        return Invoke(command, name, function, args, constants, sites, operands.Count > 0 ? operands[0].Text : null);
    }

    /// <summary>
    /// Where Go reports an argument error: at the last node evaluated for that argument (the argument itself, or the last
    /// node inside a parenthesised or chained one; a piped value: the last node evaluated), an arity error at the name.
    /// </summary>
    private static (int Offset, string Text) ErrorSite(Command command, TemplateFunctionException e, List<(int Offset, string Text)>? sites)
    {
        var nameNode = command.Args[0];
        if (sites is null) return (command.Offset, command.Text);
        if (e.IsArity) return (nameNode.Offset, nameNode.Text);
        if (e.ArgumentIndex is not { } i) return (command.Offset, command.Text);
        return i < sites.Count ? sites[i] : sites.Count > 0 ? sites[^1] : (nameNode.Offset, nameNode.Text);
    }

    private object? Invoke(Command command, string name, TemplateFunction function, List<object?> args,
        List<(TokenKind Kind, string Text)?>? constants = null, List<(int Offset, string Text)>? sites = null, string? firstArgument = null)
    {
        var site = (command.Offset, command.Text);
        // The new error is thrown after the catch block has ended: throwing inside it would nest one exception dispatch
        // in another at every level of a deep tpl/include recursion, on top of the deepest stack, and overflow it.
        string message;
        try
        {
            var result = function(new TemplateCall(name, args, Options)
            {
                Execution = execution, Budget = execution.Budget, Constants = constants, FirstArgumentText = firstArgument,
            });
            // the one place every function's result is counted; a value passed through (default, first, get…) was counted when built
            if (!args.Exists(a => ReferenceEquals(a, result))) execution.Budget.Charge(name, result);
            return result;
        }
        catch (GoException e)
        {
            // a function's error, or a Go runtime error it let through (regexp, time, fmt), which Go wraps the same way
            if (e is TemplateFunctionException { Wrapped: false } bare)
            {
                message = e.Message;
                site = ErrorSite(command, bare, sites);
            }
            else
            {
                message = $"error calling {name}: {e.Message}";
            }
        }
        catch (GoTemplateException e)
        {
            // a nested render (tpl, include) failed: Go reports it as the calling function's error, once per level
            var prefix = $"error calling {name}: ";
            message = prefix + Nested(e.Message, MaxNestedMessage - Prefix(site.Item1, site.Item2).Length - prefix.Length);
        }
        catch (InsufficientExecutionStackException)
        {
            message = $"error calling {name}: template nests too deeply";
        }
        catch (Exception e) when (e is ArgumentException or ArithmeticException or FormatException or InvalidOperationException
                                      or IndexOutOfRangeException or NotSupportedException or KeyNotFoundException)
        {
            // Go recovers a function's panic into "error calling NAME: …"; an unexpected exception here is the same
            message = $"error calling {name}: {e.Message}";
        }
        throw Error(site.Item1, site.Item2, message);
    }

    /// <summary>
    /// Longest error of a nested render, with every level around it; Go repeats every level of a self-recursive tpl
    /// (helmfile's stack runs out first). Below the CLI's 4,000-character error line, so the line keeps the innermost cause.
    /// </summary>
    internal const int MaxNestedMessage = 3_900;

    private const string Elided = " […nested levels elided…] ";

    /// <summary>A nested render's error in at most <paramref name="room"/> characters, its middle levels elided: the outer calls and the innermost cause stay.</summary>
    private static string Nested(string message, int room)
    {
        if (message.Length <= room) return message;
        var half = Math.Max(0, (room - Elided.Length) / 2);
        return string.Concat(message.AsSpan(0, half), Elided, message.AsSpan(message.Length - half));
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

    private object? EvalOperand(Operand operand, object? dot)
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack()) throw Error(operand.Offset, operand.Text, "template nests too deeply");
        _at = Site(operand);
        return operand switch
        {
            LiteralOperand { Value: TemplateNumber.Overflow o } => throw Error(operand.Offset, operand.Text, $"{o.Text} overflows int"),
            LiteralOperand l => l.Value,
            NilOperand => null,
            FieldOperand f => Fields(f, dot, f.Chain, [], false, null, dot),
            VariableOperand v => Fields(v, Lookup(v), v.Chain, [], false, null, dot),
            FunctionOperand fn => CallFunction(new Command(fn.Offset, fn.Name, [fn]), fn.Name, [], dot, false, null),
            PipelineOperand p => Fields(p, EvalPipeline(p.Pipeline, dot), p.Chain, [], false, null, dot),
            _ => throw new InvalidOperationException("unknown operand"),
        };
    }

    /// <summary>
    /// Where Go's parser puts an operand's node: a chain (<c>.a.b</c>, <c>$x.b</c>, <c>(…).b</c>) at its first chained
    /// field, anything else where it starts.
    /// </summary>
    private static (int Offset, string Text) Site(Operand at)
    {
        var chain = at switch
        {
            FieldOperand f => f.Chain,
            VariableOperand v => v.Chain,
            PipelineOperand p => p.Chain,
            _ => [],
        };
        var first = at is FieldOperand ? 1 : 0;
        return (chain.Count > first ? at.Offset + at.Text.Length - chain.Skip(first).Sum(f => f.Length + 1) : at.Offset, at.Text);
    }

    private object? Lookup(VariableOperand v)
    {
        var index = _vars.FindLastIndex(x => x.Name == v.Name);
        return index >= 0 ? _vars[index].Value : throw Error(v.Offset, v.Text, $"undefined variable: {v.Name}");
    }

    /// <summary>
    /// Go's <c>evalFieldChain</c>: each name of <paramref name="chain"/> in turn, the last one getting the command's
    /// arguments (and a piped value), which only a method accepts.
    /// </summary>
    private object? Fields(Operand at, object? value, IReadOnlyList<string> chain, List<Operand> argOperands, bool hasPiped, object? piped, object? dot)
    {
        var presentNil = false;
        // Go's messages name the static type: a value read from a map[string]interface {} is an "interface {}"
        var staticType = GoTypes.TypeName(value);
        // a field or variable chain's error is at its node; a parenthesised one's at the last node evaluated inside it
        if (at is not PipelineOperand) _at = Site(at);
        var (offset, text) = _at;
        for (var i = 0; i < chain.Count; i++)
        {
            var field = chain[i];
            var last = i == chain.Count - 1;
            var hasArgs = last && (argOperands.Count > 0 || hasPiped);
            if (value is null)
            {
                if (presentNil) throw Error(offset, text, $"nil pointer evaluating {staticType}.{field}");
                if (Options.MissingKeyIsError) throw Error(offset, text, $"nil data; no entry for key \"{field}\"");
                return null;
            }
            switch (value)
            {
                case not null when GoMethods.Find(value, field) is { } method:
                    var args = last ? argOperands.Select(a => EvalOperand(a, dot)).ToList() : [];
                    if (last && hasPiped) args.Add(piped);
                    value = Invoke(new Command(at.Offset, at.Text, [at]), field, method, args);
                    presentNil = false;
                    staticType = GoTypes.TypeName(value);
                    continue;
                case IReadOnlyDictionary<string, object?> map:
                    if (hasArgs) throw Error(offset, text, $"{field} is not a method but has arguments");
                    staticType = map is GoTypedDictionary typed ? typed.ValueType : "interface {}";
                    if (map.TryGetValue(field, out var v))
                    {
                        value = v;
                        presentNil = v is null;
                        continue;
                    }
                    if (Options.MissingKeyIsError) throw Error(offset, text, $"map has no entry for key \"{field}\"");
                    value = null;
                    presentNil = false;
                    continue;
                case GoStruct s when s.Fields.TryGetValue(field, out var f):
                    if (hasArgs) throw Error(offset, text, $"{field} has arguments but cannot be invoked as function");
                    value = f;
                    staticType = GoTypes.TypeName(f);
                    presentNil = f is null;
                    continue;
                default:
                    throw Error(offset, text, $"can't evaluate field {field} in type {staticType}");
            }
        }
        return value;
    }
}
