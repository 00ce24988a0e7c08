namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>An audit annotation a policy's <c>auditAnnotations</c> published for an object: the key as the API server writes it (<c>policy/key</c>) and its value.</summary>
public sealed record AuditAnnotation(string Key, string Value);
