using SecretsKit.Cel.Kubernetes;
using SecretsKit.Cel.Values;
using SecretsKit.Deploy.Validation.Schema;
using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// The one place where a schema node's <c>x-kubernetes-validations</c> meet the value they guard, evaluated as the API
/// server does on create: <c>self</c> is the value as <see cref="CelValues"/> and <see cref="CelSchemas"/> hand it to
/// CEL; a failure is reported at the path (plus the rule's <c>fieldPath</c>) in the API server's words
/// (<see cref="KubernetesFieldError"/>), except that where the API server would print a scalar's value the finding
/// prints its type. Transition rules (reading <c>oldSelf</c>) have no old object here: they are counted as skipped,
/// never as passed. One instance checks one document, within the API server's cost budget for one object; past it,
/// no further rule of the document runs (the finding says so). A rule that does not compile is a finding naming it.
/// With a <see cref="CelRuleMemo"/> (one per validation), a rule that passed on a value of the same content is not run again.
/// </summary>
internal sealed class CelRuleCheck(CelRuleMemo? memo = null, long budget = KubernetesSchemaValidator.DefaultTotalBudget)
{
    private long _budget = budget;

    /// <summary>Rules that ran (passed, failed or ended in an error).</summary>
    public int Evaluated { get; private set; }

    /// <summary>Rules counted in <see cref="Evaluated"/> that passed on a value of the same content before (the memo's).</summary>
    public int Reused { get; private set; }

    /// <summary>Transition rules not run: there is no old object.</summary>
    public int TransitionSkipped { get; private set; }

    /// <summary>Values with rules met, whether their rules ran or not (past the budget, none runs).</summary>
    public int Met { get; private set; }

    /// <summary>Past this many entries, an index is not kept for the thread's next document.</summary>
    private const int MaxIdleValues = 4096;

    /// <summary>The thread's index between documents (cleared), so that a run of documents does not grow one each.</summary>
    [ThreadStatic]
    private static Dictionary<CelValues.NodeKey, object?>? _idleValues;

    /// <summary>The CEL values of the nodes converted so far in this document, by node and schema: a node's value is made
    /// once, with its enclosing rule-carrying node's, and handed to its own rules from there. Taken when the first rule runs.</summary>
    private Dictionary<CelValues.NodeKey, object?>? _values;

    /// <summary>Ends the document's checks: the values index goes back to the thread for its next document.</summary>
    public void Release()
    {
        if (_values is not { } values) return;
        _values = null;
        if (values.Count > MaxIdleValues) return;
        values.Clear();
        _idleValues = values;
    }

    /// <summary>Runs <paramref name="schema"/>'s rules on <paramref name="value"/>, found at <paramref name="trail"/> (worded for findings only).</summary>
    public void Check(ManifestNode value, SchemaNode schema, SchemaSet refs, FieldTrail trail, Action<string, string> report)
    {
        Met++;
        if (_budget < 0) return;
        var typeName = CelSchemas.TypeName(schema, refs);
        var resolved = refs.Resolve(schema);
        var rules = resolved.CelRules;
        var compiledRules = CompiledCelRule.For(rules);
        CelRuleMemo.Place? place = null;
        var hash = 0;
        var passed = memo?.Find(value, resolved, refs, out place, out hash);
        var costs = place is not null ? new long[rules.Count] : null;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var compiled = compiledRules[i];
            if (costs is not null) costs[i] = -1;
            if (compiled.Program is not { } program)
            {
                report(trail.ToString(), $"Invalid value: \"{typeName}\": rule compile error: {compiled.CompileError} (rule: {OneLine(rule.Rule)}; the API server refuses this CRD)");
                continue;
            }
            var limit = Math.Min(CompiledCelRule.Environment.CostLimit, _budget);
            if (passed is not null && passed[i] >= 0 && passed[i] <= limit)
            {
                // the same content passed this rule within this much cost: a run now would end the same way
                _budget -= passed[i];
                Evaluated++;
                Reused++;
                continue;
            }
            var result = program.Evaluate(Self(value, schema, resolved, refs), costLimit: limit);
            _budget -= result.Cost;
            if (result.Outcome == KubernetesRuleOutcome.Skipped)
            {
                TransitionSkipped++;
                continue;
            }
            Evaluated++;
            if (result.Outcome == KubernetesRuleOutcome.Passed)
            {
                if (costs is not null) costs[i] = result.Cost;
                continue;
            }
            var shown = result.Outcome == KubernetesRuleOutcome.Failed && typeName is "object" or "array" ? null : $"\"{typeName}\"";
            var finding = KubernetesFieldError.ForRule(trail.ToString(), result, shown);
            report(finding.Path, finding.Body);
            if (result.CostExceeded)
            {
                _budget = -1;
                return;
            }
        }
        if (costs is not null) memo!.Remember(place!, hash, value, costs);
    }

    /// <summary><c>self</c> for a node's rules (<paramref name="resolved"/>: its schema with refs followed, what the index is kept by):
    /// its part of an enclosing node's value, else its own (and its subtree's) value, made now.</summary>
    private object? Self(ManifestNode value, SchemaNode schema, SchemaNode resolved, SchemaSet refs)
    {
        if (_values is null)
        {
            _values = _idleValues ?? new Dictionary<CelValues.NodeKey, object?>();
            _idleValues = null;
        }
        return _values.TryGetValue(new CelValues.NodeKey(value, resolved), out var self) ? self : CelValues.Convert(value, schema, refs, _values);
    }

    private static string OneLine(string rule) => string.Join(' ', rule.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
}
