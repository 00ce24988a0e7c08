namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>
/// One outcome of evaluating a policy for one binding and param, before the binding's validationActions apply: a
/// validation that failed (<see cref="VerdictKind.Failed"/>, with the validation's index and reason), an evaluation
/// error under <c>failurePolicy: Fail</c> (<see cref="VerdictKind.Error"/>: denied as a failed validation is), an
/// audit annotation error (always denied), or an expression skipped offline.
/// </summary>
internal readonly record struct Verdict(VerdictKind Kind, string Message, string? Reason = null, int Index = 0);
