namespace SecretsKit.Deploy.Release.Strategies;

/// <summary>
/// One entry of the promotion file's <c>strategies:</c>: how <c>release apply</c> and <c>release promote</c> roll out
/// the releases it lists (<c>namespace/name</c>, as the state file's releases are named), in the environments it lists
/// (every environment when it lists none). Exactly one of <see cref="Canary"/> and <see cref="BlueGreen"/> is set.
/// </summary>
/// <param name="Where">The file and line of the entry, for messages.</param>
public sealed record ReleaseStrategy(
    IReadOnlyList<string> Releases, IReadOnlyList<string> Environments, CanaryStrategy? Canary, BlueGreenStrategy? BlueGreen, string Where)
{
    /// <summary>Whether the strategy rolls out the release <paramref name="releaseId"/> (<c>namespace/name</c>) in <paramref name="environment"/>.</summary>
    public bool Covers(string releaseId, string environment) =>
        Releases.Contains(releaseId, StringComparer.Ordinal)
        && (Environments.Count == 0 || Environments.Contains(environment, StringComparer.Ordinal));
}
