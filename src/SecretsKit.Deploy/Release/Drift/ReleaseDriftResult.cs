namespace SecretsKit.Deploy.Release.Drift;

/// <summary>One release: whether helm knows it, the objects that drifted, how many were compared, or what failed.</summary>
public sealed record ReleaseDriftResult(string Release, bool Installed, IReadOnlyList<ObjectDrift> Drifted, int Checked, string? Error = null)
{
    /// <summary>Not installed, or an object missing or changed.</summary>
    public bool HasDrift => Error is null && (!Installed || Drifted.Count > 0);
}
