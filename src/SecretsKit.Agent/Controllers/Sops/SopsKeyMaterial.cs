namespace SecretsKit.Agent.Controllers.Sops;

/// <summary>
/// Age identities read from a key Secret, kept in memory only (never written to disk). <see cref="Source"/> names the
/// Secret and keys for messages; <see cref="ToString"/> never shows the identities.
/// </summary>
internal sealed class SopsKeyMaterial(string identities, string source, int count)
{
    public string Identities { get; } = identities;

    /// <summary>E.g. <c>Secret team-a/sops-age-key[identity.agekey]</c>.</summary>
    public string Source { get; } = source;

    public int Count { get; } = count;

    public override string ToString() => $"{Count} age identities from {Source}";
}
