namespace SecretsKit.Deploy.UnitTest.Cluster;

/// <summary>
/// The resource a kind is stored under when nothing maps it, as Kubernetes' apimachinery guesses it for its fake clients
/// (<c>UnsafeGuessKindToResource</c>): lowercase, then <c>-ies</c> for <c>-y</c>, <c>-ses</c> for <c>-s</c>, else
/// <c>-s</c>; <c>endpoints</c> stays as it is.
/// </summary>
internal static class ResourceNames
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
