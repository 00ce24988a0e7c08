namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// What a ValidatingAdmissionPolicy decided about an object, offline: the binding's <c>validationActions</c> (Deny,
/// Warn, Audit) applied to a failed validation, or Skipped when an expression needs what only a cluster has
/// (<c>authorizer</c>): never counted as passed.
/// </summary>
public enum AdmissionAction
{
    Deny,
    Warn,
    Audit,
    Skipped,
}
