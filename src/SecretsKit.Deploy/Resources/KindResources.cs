namespace SecretsKit.Deploy.Resources;

/// <summary>
/// The resource a kind is stored under when nothing maps it, as Kubernetes' apimachinery guesses it
/// (<c>UnsafeGuessKindToResource</c>, also what its fake clients use): lower-cased, then <c>-ies</c> for <c>-y</c>,
/// <c>-ses</c> for <c>-s</c>, else <c>-s</c>; <c>Endpoints</c> stays <c>endpoints</c>. One home for the policy stage's
/// REST mapping and the unittest lookup server.
/// </summary>
internal static class KindResources
{
    public static string Guess(string kind)
    {
        var singular = kind.ToLowerInvariant();
        if (singular.Length == 0 || singular.EndsWith("endpoints", StringComparison.Ordinal)) return singular;
        return singular[^1] switch
        {
            's' => singular + "es",
            'y' => singular[..^1] + "ies",
            _ => singular + "s",
        };
    }
}
