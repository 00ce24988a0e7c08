namespace SecretsKit.Deploy.Release.Drift;

/// <summary>One object of a release's manifest that drifted: missing live (with why), or fields changed.</summary>
public sealed record ObjectDrift(string ApiVersion, string Kind, string? Namespace, string Name, bool Missing, IReadOnlyList<DriftChange> Changes)
{
    /// <summary>Why the object counts as missing when it is not simply absent (its kind is not served).</summary>
    public string? Reason { get; init; }

    /// <summary><c>Deployment shop/web</c>.</summary>
    public string Id => $"{Kind} {(Namespace is null ? "" : Namespace + "/")}{Name}";
}
