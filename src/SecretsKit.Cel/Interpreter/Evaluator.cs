using SecretsKit.Cel.Syntax;
using SecretsKit.Cel.Values;

namespace SecretsKit.Cel.Interpreter;

/// <summary>Walks a parsed expression. Errors and unknowns are values: strict calls return the first of their
/// arguments' (unknowns first); <c>&amp;&amp;</c>, <c>||</c> and <c>?:</c> absorb them where cel-spec says so.
/// Every node evaluated charges the cost budget (constants are free), which also checks cancellation. Reusable: after
/// its context is reset for another evaluation, <see cref="Reset"/> readies it.</summary>
internal sealed class Evaluator
{
    private readonly EvalContext _context;
    private readonly ArgumentPool _arguments = new();
    private Comprehensions? _comprehensions;
    private bool _dottedNames;

    public Evaluator(EvalContext context)
    {
        _context = context;
        Reset();
    }

    /// <summary>Reads the (reset) context's names again: whether any variable or unknown is a dotted name.</summary>
    public void Reset() => _dottedNames = _context.Container.Length > 0 || DottedVariables(_context.Variables)
        || (_context.Unknowns.Count > 0 && Dotted(_context.Unknowns));

    /// <summary>Whether a variable name has a dot; a plain dictionary's keys are walked without an enumerator box.</summary>
    private static bool DottedVariables(IReadOnlyDictionary<string, object?> variables)
    {
        if (variables is not Dictionary<string, object?> plain)
            return Dotted(variables.Keys);
        foreach (var name in plain.Keys)
        {
            if (name.Contains('.', StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    private static bool Dotted(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (name.Contains('.', StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    public object? Eval(Expr expr, Scope? scope)
    {
        if (expr is ConstExpr constant)
            return constant.Value;
        _context.Charge(1);
        return expr switch
        {
            IdentExpr ident => Ident(ident, scope),
            SelectExpr select => Select(select, scope),
            CallExpr call => Call(call, scope),
            ListExpr list => Literals.List(this, _context, list, scope),
            MapExpr map => Literals.Map(this, _context, map, scope),
            MacroExpr macro => (_comprehensions ??= new Comprehensions(_context)).Eval(this, macro, scope),
            StructExpr message => new CelError(CelErrorKind.UnsupportedType, $"unknown type: {message.TypeName}"),
            _ => throw new InvalidOperationException(expr.GetType().Name),
        };
    }

    private object? Ident(IdentExpr ident, Scope? scope)
    {
        if (!ident.Absolute && scope is not null && scope.TryGet(ident.Name, out var local))
            return local;
        if (TryVariable(ident.Name, ident.Absolute, out var value))
            return value;
        if (CelType.Named.TryGetValue(ident.Name, out var type))
            return type;
        return new CelError(CelErrorKind.UndeclaredReference,
            $"undeclared reference to '{ident.Name}' (in container '{_context.Container}')");
    }

    private bool TryVariable(string name, bool absolute, out object? value)
    {
        if ((absolute || _context.Container.Length == 0) && _context.Unknowns.Count == 0)
            return _context.Variables.TryGetValue(name, out value); // the one candidate, and no unknowns: no enumerator
        foreach (var candidate in _context.Candidates(name, absolute))
        {
            if (_context.Unknowns.Contains(candidate))
            {
                value = new CelUnknown(new HashSet<string>(StringComparer.Ordinal) { candidate });
                return true;
            }
            if (_context.Variables.TryGetValue(candidate, out value))
                return true;
        }
        value = null;
        return false;
    }

    private object? Select(SelectExpr select, Scope? scope)
    {
        if (_dottedNames && !select.TestOnly && TryQualified(select, scope, out var qualified))
            return qualified;
        var operand = Eval(select.Operand, scope);
        if (operand is CelError { Kind: CelErrorKind.UndeclaredReference } && !select.TestOnly
            && Access.QualifiedName(select) is { } name && CelType.Named.TryGetValue(name, out var type))
            return type;
        return Access.Field(operand, select.Field, select.TestOnly, select.Optional);
    }

    /// <summary>Resolves <c>a.b.c</c> as the variable <c>a.b.c</c> or <c>a.b</c> (then <c>.c</c>) when such a
    /// dotted variable exists, longest name first; comprehension variables win over dotted names.</summary>
    private bool TryQualified(SelectExpr select, Scope? scope, out object? value)
    {
        var parts = new List<string>();
        Expr current = select;
        while (current is SelectExpr { TestOnly: false, Optional: false } s)
        {
            parts.Insert(0, s.Field);
            current = s.Operand;
        }
        value = null;
        if (current is not IdentExpr root || (!root.Absolute && scope is not null && scope.TryGet(root.Name, out _)))
            return false;
        parts.Insert(0, root.Name);
        for (var length = parts.Count; length >= 2; length--)
        {
            if (!TryVariable(string.Join('.', parts.Take(length)), root.Absolute, out value))
                continue;
            for (var i = length; i < parts.Count; i++)
                value = Access.Field(value, parts[i], testOnly: false, optional: false);
            return true;
        }
        return false;
    }

    private object? Call(CallExpr call, Scope? scope)
    {
        var operands = call.Operands;
        switch (call.Shape)
        {
            case CallShape.And:
                var left = Eval(operands[0], scope);
                return left is false ? Logic.False : Logic.And(left, Eval(operands[1], scope));
            case CallShape.Or:
                var either = Eval(operands[0], scope);
                return either is true ? Logic.True : Logic.Or(either, Eval(operands[1], scope));
            case CallShape.Conditional: return Conditional(operands, scope);
            case CallShape.NotStrictlyFalse:
                var value = Eval(operands[0], scope);
                return value is false ? Logic.False : Logic.True;
        }
        var binding = Bind(call);
        var (name, target) = binding is null ? GlobalQualifiedName(call, scope) : (binding.Name, call.Target);
        var args = _arguments.Rent(operands.Length + (target is null ? 0 : 1));
        try
        {
            var offset = 0;
            if (target is not null)
                args[offset++] = Eval(target, scope);
            foreach (var operand in operands)
                args[offset++] = Eval(operand, scope);
            if (Logic.FirstErrorOrUnknown(args) is { } failed)
                return failed;
            return binding?.Function is { } function ? function(_context, args) : Invoke(name, target is not null, args);
        }
        finally
        {
            _arguments.Return(args);
        }
    }

    /// <summary>The function a call denotes whatever the variables and scope, found once per call site and
    /// environment; null when that depends on them (a receiver call that may be a dotted global function).</summary>
    private CallBinding? Bind(CallExpr call)
    {
        if (call.Binding is CallBinding known && ReferenceEquals(known.Functions, _context.Functions))
            return known;
        if (call.Target is not null && _context.Functions.EndsQualifiedGlobal(call.Function))
            return null;
        var member = call.Target is not null;
        var name = member ? call.Function : call.Function.TrimStart('.');
        var function = name is "_[_]" or "_[?_]" ? null : member ? _context.Functions.FindMember(name) : _context.Functions.FindGlobal(name);
        var binding = new CallBinding(_context.Functions, name, function);
        call.Binding = binding;
        return binding;
    }

    /// <summary><c>optional.of(x)</c> parses as a receiver call on <c>optional</c>; when the dotted name is a global
    /// function and the receiver's root is not a variable, it is that global call.</summary>
    private (string Name, Expr? Target) GlobalQualifiedName(CallExpr call, Scope? scope)
    {
        if (call.Target is null)
            return (call.Function.TrimStart('.'), null);
        if (!_context.Functions.EndsQualifiedGlobal(call.Function))
            return (call.Function, call.Target);
        // the root's tests first: they make no string, and a receiver rooted in a variable (self) is the common case
        if (QualifiedRoot(call.Target) is { } root
            && !(scope is not null && scope.TryGet(root, out _))
            && !TryVariable(root, false, out _)
            && Access.QualifiedName(call.Target) is { } prefix
            && _context.Functions.HasGlobal(prefix + "." + call.Function))
            return (prefix + "." + call.Function, null);
        return (call.Function, call.Target);
    }

    /// <summary>The first part of <see cref="Access.QualifiedName"/>'s name for <paramref name="expr"/> (null when it has
    /// none), found without making that name.</summary>
    private static string? QualifiedRoot(Expr expr)
    {
        while (expr is SelectExpr { TestOnly: false, Optional: false } select)
            expr = select.Operand;
        if (expr is not IdentExpr ident)
            return null;
        var dot = ident.Name.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? ident.Name : ident.Name[..dot];
    }

    internal object? Invoke(string name, bool member, object?[] args)
    {
        if (name is "_[_]" or "_[?_]")
            return Access.Index(args[0], args[1], name == "_[?_]");
        var function = member ? _context.Functions.FindMember(name) : _context.Functions.FindGlobal(name);
        if (function is null)
            return new CelError(CelErrorKind.UnknownFunction, $"unbound function: {name}");
        return function(_context, args);
    }

    private object? Conditional(Expr[] operands, Scope? scope)
    {
        var condition = Eval(operands[0], scope);
        return condition switch
        {
            true => Eval(operands[1], scope),
            false => Eval(operands[2], scope),
            CelError or CelUnknown => condition,
            _ => CelError.NoOverload("_?_:_"),
        };
    }
}
