namespace SecretsKit.Deploy.Policy.Admission;

/// <summary>What a <see cref="Verdict"/> is: a failed validation, an evaluation error, an audit annotation error, or an expression skipped offline.</summary>
internal enum VerdictKind
{
    Failed,
    Error,
    AnnotationError,
    Skipped,
}
