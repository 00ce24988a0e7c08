using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A policy's <c>variables</c> as the API server composes them (<c>k8s.io/apiserver</c>'s <c>cel/composition.go</c>, a lazy
/// map per evaluation of one group of expressions: the validations, the messageExpressions, the auditAnnotations): a
/// variable is evaluated when an expression first selects <c>variables.name</c>, at most once in the group, and its cost is
/// charged to the group's budget then. A variable no expression uses is never evaluated, so one that would fail denies
/// nothing. A failing one selected is an error value in the API server's words (<c>composited variable "name" fails to
/// evaluate: …</c>, <c>… fails to compile: …</c>), which the selecting expression's error then carries. A variable sees only
/// the variables declared before it: selecting a later or undeclared one is a compile error (<see cref="UndefinedVariables"/>),
/// as the API server compiles them in order.
/// </summary>
internal sealed class LazyVariables
{
    private readonly List<(string Name, string Expression, bool Tainted)> _declared;
    private readonly Dictionary<string, object?> _activation;
    private readonly CelBudget _budget;
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public LazyVariables(List<(string Name, string Expression, bool Tainted)> declared, Dictionary<string, object?> activation, CelBudget budget) =>
        (_declared, _activation, _budget) = (declared, activation, budget);

    /// <summary>What <c>variables</c> is for the group's expressions: every declared variable.</summary>
    public ICelObject All => new View(this, _declared.Count);

    private object? Value(int index)
    {
        var (name, expression, tainted) = _declared[index];
        if (_values.TryGetValue(name, out var known)) return known;
        object? value;
        if (tainted) value = new CelError(CelErrorKind.UndeclaredReference, "authorizer is not available offline");
        else
        {
            var activation = new Dictionary<string, object?>(_activation, StringComparer.Ordinal) { ["variables"] = new View(this, index) };
            var outcome = _budget.Run(expression, activation);
            value = outcome switch
            {
                { Compiled: false } => new CelError(CelErrorKind.InvalidArgument, $"composited variable \"{name}\" fails to compile: {outcome.Cause}"),
                { Failed: true } => new CelError(outcome.Raw?.Kind ?? CelErrorKind.InvalidArgument, $"composited variable \"{name}\" fails to evaluate: {outcome.Cause}"),
                _ => outcome.Value,
            };
        }
        _values[name] = value;
        return value;
    }

    /// <summary>The variables declared before position <paramref name="visible"/>, as one expression sees them: an object of the API server's type <c>kubernetes.variables</c>.</summary>
    internal sealed class View(LazyVariables variables, int visible) : ICelFields, ICelObject
    {
        private static readonly CelType Type = new("kubernetes.variables");

        public CelType CelType => Type;

        /// <summary>Whether <paramref name="name"/> is a field of this view's type: a variable declared before its position.</summary>
        public bool Declares(string name)
        {
            var index = variables._declared.FindIndex(v => v.Name == name);
            return index >= 0 && index < visible;
        }

        public bool TryGetField(string name, out object? value)
        {
            var index = variables._declared.FindIndex(v => v.Name == name);
            value = index >= 0 && index < visible ? variables.Value(index) : null;
            return index >= 0 && index < visible;
        }
    }
}
