using SecretsKit.Deploy.Validation.Tree;

namespace SecretsKit.Deploy.Validation.Rules;

/// <summary>
/// The one place where a schema node's <c>x-kubernetes-validations</c> meet the value they guard. No CEL engine is wired
/// in yet (it lives in <c>src/SecretsKit.Cel</c>): the rules reached are counted, and the report says how many were
/// not checked (<see cref="ValidationReport.CelRulesNotChecked"/>) instead of passing them silently. To evaluate them,
/// replace the body of <see cref="Check"/>: <paramref name="value"/> is <c>self</c>, findings go to the report callback
/// at <c>path</c> (plus the rule's <c>fieldPath</c>).
/// </summary>
internal sealed class CelRuleCheck
{
    /// <summary>Rules reached by a value and not evaluated.</summary>
    public int NotChecked { get; private set; }

    public void Check(ManifestNode value, SchemaNode schema, string path, Action<string, string> report)
    {
        _ = value;
        _ = path;
        _ = report;
        NotChecked += schema.CelRules.Count;
    }
}
