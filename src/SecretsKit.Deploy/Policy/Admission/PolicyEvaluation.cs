using System.Text.Json.Nodes;
using SecretsKit.Cel;
using SecretsKit.Cel.Values;

namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// A ValidatingAdmissionPolicy's expressions for one request, binding and param, as the API server's validator runs
/// them: <c>matchConditions</c> (any false: the policy does not apply; an error: failurePolicy), <c>variables</c>
/// (composited as <c>variables.name</c>, evaluated lazily per group: <see cref="LazyVariables"/>), <c>validations</c> (not true: failed, with <c>messageExpression</c>,
/// <c>message</c> or <c>failed expression: …</c>), then <c>auditAnnotations</c>. An expression that reads
/// <c>authorizer</c> (directly or through a variable) cannot be answered offline and is reported skipped.
/// </summary>
internal sealed class PolicyEvaluation(JsonObject spec, AdmissionLimits limits, CancellationToken ct)
{
    private const int MaxMessageBytes = 5 * 1024;
    private const int MaxAnnotationBytes = 10 * 1024;

    private readonly bool _failClosed = LabelSelector.Text(spec["failurePolicy"]) != "Ignore";

    public bool FailClosed => _failClosed;

    public (List<Verdict> Verdicts, List<(string Key, string Value)> Annotations) Evaluate(Dictionary<string, object?> activation)
    {
        var verdicts = new List<Verdict>();
        var annotations = new List<(string, string)>();
        var tainted = new HashSet<string>(StringComparer.Ordinal);
        var declared = Declared(tainted);
        activation = new Dictionary<string, object?>(activation, StringComparer.Ordinal);
        if (!MatchConditions(activation, declared, tainted, verdicts)) return (verdicts, annotations);
        try
        {
            var budget = new CelBudget(CelBudget.RuntimeBudget, limits, ct);
            Validations(activation, declared, budget, tainted, verdicts);
        }
        catch (OutOfBudgetException e)
        {
            if (_failClosed) verdicts.Add(new Verdict(VerdictKind.Error, e.Message));
        }
        AuditAnnotations(activation, declared, tainted, verdicts, annotations);
        return (verdicts, annotations);
    }

    /// <summary>The matchConditions, which the API server compiles after the variables and so may select them too.</summary>
    private bool MatchConditions(Dictionary<string, object?> activation, List<(string, string, bool)> declared, HashSet<string> tainted, List<Verdict> verdicts)
    {
        var errors = new List<string>();
        var budget = new CelBudget(CelBudget.MatchConditionBudget, limits, ct);
        activation["variables"] = new LazyVariables(declared, activation, budget).All;
        foreach (var condition in Entries("matchConditions"))
        {
            var expression = LabelSelector.Text(condition["expression"]) ?? "";
            if (Tainted(expression, tainted))
            {
                verdicts.Add(new Verdict(VerdictKind.Skipped, $"matchCondition '{LabelSelector.Text(condition["name"])}' reads authorizer, which needs the cluster"));
                return false;
            }
            ExpressionOutcome outcome;
            try
            {
                outcome = budget.Run(expression, activation);
            }
            catch (OutOfBudgetException e)
            {
                errors.Add(e.Message);
                break;
            }
            if (outcome.Error is { } error) errors.Add(error);
            else if (outcome.Value is false) return false;
        }
        if (errors.Count == 0) return true;
        if (_failClosed) verdicts.Add(new Verdict(VerdictKind.Error, errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]"));
        return false;
    }

    /// <summary>
    /// The declared variables in order, each marked when it reads <c>authorizer</c> (itself or through an earlier
    /// variable); the names of those go to <paramref name="tainted"/>. Nothing is evaluated here (<see cref="LazyVariables"/>).
    /// </summary>
    private List<(string Name, string Expression, bool Tainted)> Declared(HashSet<string> tainted)
    {
        var declared = new List<(string, string, bool)>();
        foreach (var variable in Entries("variables"))
        {
            var name = LabelSelector.Text(variable["name"]) ?? "";
            var expression = LabelSelector.Text(variable["expression"]) ?? "";
            var reads = Tainted(expression, tainted);
            if (reads) tainted.Add(name);
            declared.Add((name, expression, reads));
        }
        return declared;
    }

    private void Validations(Dictionary<string, object?> activation, List<(string, string, bool)> declared, CelBudget budget, HashSet<string> tainted, List<Verdict> verdicts)
    {
        activation["variables"] = new LazyVariables(declared, activation, budget).All;
        var failed = new List<(int Index, JsonObject Validation)>();
        var index = 0;
        foreach (var validation in Entries("validations"))
        {
            var expression = LabelSelector.Text(validation["expression"]) ?? "";
            if (Tainted(expression, tainted))
            {
                verdicts.Add(new Verdict(VerdictKind.Skipped, $"expression '{expression.Trim()}' reads authorizer, which needs the cluster", Index: index++));
                continue;
            }
            var outcome = budget.Run(expression, activation);
            if (outcome.Error is { } error)
            {
                if (_failClosed) verdicts.Add(new Verdict(VerdictKind.Error, error, Index: index));
            }
            else if (outcome.Value is not true)
            {
                failed.Add((index, validation));
            }
            index++;
        }
        activation["variables"] = new LazyVariables(declared, activation, budget).All; // the messageExpressions are a group of their own
        foreach (var (i, validation) in failed)
        {
            var reason = LabelSelector.Text(validation["reason"]) ?? "Invalid";
            try
            {
                verdicts.Add(new Verdict(VerdictKind.Failed, Message(validation, activation, budget), reason, i));
            }
            catch (OutOfBudgetException e)
            {
                if (_failClosed) verdicts.Add(new Verdict(VerdictKind.Error, $"failed messageExpression: {e.Message}", Index: i));
            }
        }
    }

    /// <summary>The messageExpression's one-line string (trimmed, at most 5 KiB), else the message, else <c>failed expression: …</c>.</summary>
    private static string Message(JsonObject validation, Dictionary<string, object?> activation, CelBudget budget)
    {
        if (LabelSelector.Text(validation["messageExpression"]) is { Length: > 0 } messageExpression
            && !CelBudget.References(messageExpression, "authorizer")
            && budget.Run(messageExpression, activation).Value is string text
            && text.Trim() is { Length: > 0 } trimmed && System.Text.Encoding.UTF8.GetByteCount(trimmed) <= MaxMessageBytes
            && !trimmed.Contains('\n', StringComparison.Ordinal))
        {
            return trimmed;
        }
        if (LabelSelector.Text(validation["message"])?.Trim() is { Length: > 0 } message) return message;
        return $"failed expression: {(LabelSelector.Text(validation["expression"]) ?? "").Trim()}";
    }

    private void AuditAnnotations(Dictionary<string, object?> activation, List<(string, string, bool)> declared, HashSet<string> tainted, List<Verdict> verdicts,
        List<(string, string)> annotations)
    {
        var budget = new CelBudget(CelBudget.RuntimeBudget, limits, ct);
        activation["variables"] = new LazyVariables(declared, activation, budget).All;
        foreach (var annotation in Entries("auditAnnotations"))
        {
            var key = LabelSelector.Text(annotation["key"]) ?? "";
            var expression = LabelSelector.Text(annotation["valueExpression"]) ?? "";
            if (Tainted(expression, tainted))
            {
                verdicts.Add(new Verdict(VerdictKind.Skipped, $"auditAnnotation '{key}' reads authorizer, which needs the cluster"));
                continue;
            }
            ExpressionOutcome outcome;
            try
            {
                outcome = budget.Run(expression, activation);
            }
            catch (OutOfBudgetException e)
            {
                outcome = new(null, e.Message);
            }
            var error = outcome.Error ?? outcome.Value switch
            {
                null or string => null,
                var other => $"valueExpression '{expression}' resulted in unsupported return type: {CelTypeName(other)}. Return type must be either string or null.",
            };
            if (error is not null)
            {
                if (_failClosed) verdicts.Add(new Verdict(VerdictKind.AnnotationError, error));
            }
            else if (outcome.Value is string value && value.Trim() is { Length: > 0 } trimmed)
            {
                annotations.Add((key, Truncate(trimmed)));
            }
        }
    }

    /// <summary>An annotation value cut to the API server's 10 KiB (at a character boundary).</summary>
    private static string Truncate(string value)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(value) <= MaxAnnotationBytes) return value;
        var bytes = 0;
        var end = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (bytes + rune.Utf8SequenceLength > MaxAnnotationBytes) break;
            bytes += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }
        return value[..end];
    }

    private static bool Tainted(string expression, HashSet<string> tainted) =>
        CelBudget.References(expression, "authorizer") || tainted.Any(name => expression.Contains("variables." + name, StringComparison.Ordinal));

    private static string CelTypeName(object value) => value switch
    {
        bool => "bool",
        long => "int",
        ulong => "uint",
        double => "double",
        CelList => "list",
        CelMap => "map",
        _ => value.GetType().Name,
    };

    private IEnumerable<JsonObject> Entries(string field) => spec[field] is JsonArray list ? list.OfType<JsonObject>() : [];
}
