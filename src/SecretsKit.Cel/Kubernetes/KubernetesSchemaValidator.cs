using System.Globalization;
using System.Text.Json;

namespace SecretsKit.Cel.Kubernetes;

/// <summary>Runs every x-kubernetes-validations rule of a structural schema over an object, node by node, with
/// <c>self</c> bound to the node's value, as the API server does on create (transition rules are skipped and
/// counted). Errors are worded as the API server words them; the per-rule cost limit and a total budget (the API
/// server's per-CRD runtime budget by default) stop a hostile rule set.</summary>
public sealed class KubernetesSchemaValidator(KubernetesSchema schema, CelEnvironment? environment = null)
{
    /// <summary>The API server's runtime cost budget for all the rules of one object (celconfig.RuntimeCELCostBudget).</summary>
    public const long DefaultTotalBudget = 10_000_000;

    private readonly CelEnvironment _environment = environment ?? CelEnvironment.Kubernetes();

    public KubernetesValidationReport Validate(JsonElement value, long totalBudget = DefaultTotalBudget, CancellationToken cancellationToken = default)
    {
        var report = new KubernetesValidationReport();
        var budget = totalBudget;
        Walk(schema, value, "", report, ref budget, cancellationToken);
        return report;
    }

    private void Walk(KubernetesSchema node, JsonElement value, string path, KubernetesValidationReport report, ref long budget, CancellationToken cancellationToken)
    {
        if (budget < 0)
            return;
        if (node.Validations.Count > 0)
            ApplyRules(node, value, path, report, ref budget, cancellationToken);
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                var child = node.Properties.GetValueOrDefault(property.Name) ?? node.AdditionalProperties;
                if (child is not null)
                    Walk(child, property.Value, Join(path, property.Name, node.Properties.ContainsKey(property.Name)), report, ref budget, cancellationToken);
            }
        }
        else if (value.ValueKind == JsonValueKind.Array && node.Items is not null)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
                Walk(node.Items, item, path + "[" + (index++).ToString(CultureInfo.InvariantCulture) + "]", report, ref budget, cancellationToken);
        }
    }

    private void ApplyRules(KubernetesSchema node, JsonElement value, string path, KubernetesValidationReport report, ref long budget, CancellationToken cancellationToken)
    {
        var self = KubernetesValues.FromJson(value, node);
        foreach (var rule in node.Validations)
        {
            var result = rule.Evaluate(self, environment: _environment,
                costLimit: Math.Min(_environment.CostLimit, Math.Max(0, budget)), cancellationToken: cancellationToken);
            budget -= result.Cost;
            report.Add(result);
            if (result.Outcome is KubernetesRuleOutcome.Passed or KubernetesRuleOutcome.Skipped)
                continue;
            var errorPath = result.Outcome == KubernetesRuleOutcome.Failed && !string.IsNullOrEmpty(rule.FieldPath)
                ? path + (rule.FieldPath.StartsWith('[') ? "" : ".") + rule.FieldPath.TrimStart('.')
                : path;
            report.Errors.Add(FieldError(errorPath.TrimStart('.'), node, value, result));
            if (result.CostExceeded)
            {
                budget = -1;
                return;
            }
        }
    }

    private static KubernetesFieldError FieldError(string path, KubernetesSchema node, JsonElement value, KubernetesRuleResult result)
    {
        var shown = node.Type is "object" or "array" ? null : value.ValueKind switch
        {
            JsonValueKind.String => Library.StringExtensions.Quote(value.GetString()!),
            JsonValueKind.Null => "null",
            _ => value.GetRawText(),
        };
        return (result.Outcome, result.Reason) switch
        {
            (KubernetesRuleOutcome.Failed, "FieldValueForbidden") => new KubernetesFieldError(path, "Forbidden", null, result.Message),
            (KubernetesRuleOutcome.Failed, "FieldValueRequired") => new KubernetesFieldError(path, "Required value", null, result.Message),
            (KubernetesRuleOutcome.Failed, "FieldValueDuplicate") => new KubernetesFieldError(path, "Duplicate value", shown ?? "", ""),
            _ => new KubernetesFieldError(path, "Invalid value", shown, result.Message),
        };
    }

    private static string Join(string path, string name, bool named) =>
        named ? (path.Length == 0 ? name : path + "." + name) : path + "[" + name + "]";
}
