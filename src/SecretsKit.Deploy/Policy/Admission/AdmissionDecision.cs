namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// One decision of one policy and binding about one object, in the API server's words (<see cref="Message"/>:
/// <c>ValidatingAdmissionPolicy 'p' with binding 'b' denied request: failed expression: …</c>), with the validation's
/// <c>reason</c> (<c>Invalid</c> when none) for a denial.
/// </summary>
public sealed record AdmissionDecision(string Policy, string? Binding, AdmissionAction Action, string Message, string? Reason = null);
