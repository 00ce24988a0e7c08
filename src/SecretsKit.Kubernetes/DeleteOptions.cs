namespace SecretsKit.Kubernetes;

/// <summary>Options for delete: propagation policy and preconditions.</summary>
public sealed record DeleteOptions
{
    /// <summary><c>Background</c>, <c>Foreground</c> or <c>Orphan</c>.</summary>
    public string? PropagationPolicy { get; init; }

    /// <summary>Fail with 409 unless the live object has this uid.</summary>
    public string? PreconditionUid { get; init; }

    /// <summary>Fail with 409 unless the live object has this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }

    public long? GracePeriodSeconds { get; init; }
}
