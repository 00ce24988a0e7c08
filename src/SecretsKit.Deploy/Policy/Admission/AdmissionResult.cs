namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>Every decision and audit annotation the admission policies produced for one object.</summary>
public sealed class AdmissionResult
{
    public static readonly AdmissionResult None = new([], []);

    public AdmissionResult(IReadOnlyList<AdmissionDecision> decisions, IReadOnlyList<AuditAnnotation> annotations)
    {
        Decisions = decisions;
        Annotations = annotations;
    }

    public IReadOnlyList<AdmissionDecision> Decisions { get; }

    public IReadOnlyList<AuditAnnotation> Annotations { get; }
}
