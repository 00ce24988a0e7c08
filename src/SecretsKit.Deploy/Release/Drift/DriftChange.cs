namespace SecretsKit.Deploy.Release.Drift;

/// <summary>
/// One field of a live object that is not what the manifest set: its path as shown (<c>spec.replicas</c>,
/// <c>spec.template.spec.containers[name=web].image</c>, <c>data.API_TOKEN</c>), its JSON pointer in the manifest (what
/// <c>--ignore</c> takes), and the two values when they may be shown; a Secret's <c>data</c>/<c>stringData</c> never has them.
/// </summary>
public sealed record DriftChange(string Path, string JsonPointer, DriftChangeKind Kind, string? Manifest = null, string? Live = null)
{
    /// <summary><c>spec.replicas: 2 in the manifest, 5 live</c>, <c>data.API_TOKEN changed</c>, <c>metadata.labels.tier missing live</c>.</summary>
    public override string ToString() => Kind switch
    {
        DriftChangeKind.Missing => $"{Path} missing live",
        DriftChangeKind.Changed when Manifest is not null && Live is not null => $"{Path}: {Manifest} in the manifest, {Live} live",
        _ => $"{Path} changed",
    };
}

/// <summary>How a field drifted.</summary>
public enum DriftChangeKind
{
    /// <summary>Set live to something else.</summary>
    Changed,

    /// <summary>Set by the manifest, absent live.</summary>
    Missing,
}
