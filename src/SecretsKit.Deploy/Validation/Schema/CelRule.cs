namespace SecretsKit.Deploy.Validation.Schema;

/// <summary>
/// One <c>x-kubernetes-validations</c> entry of a schema node: the CEL <c>rule</c> and what the API server reports when it
/// fails (<c>message</c>, or <c>messageExpression</c>; <c>reason</c>, <c>fieldPath</c>), and <c>optionalOldSelf</c>.
/// Read from CRDs and schema files; evaluated in one place, <see cref="CelRuleCheck"/>.
/// </summary>
internal sealed record CelRule(string Rule, string? Message, string? MessageExpression, string? Reason, string? FieldPath, bool OptionalOldSelf = false);
