namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// Where a watch starts, as the API server's watch cache decides it from the request's list options: after a given
/// resourceVersion (history replayed), or at the current state, with or without the current objects as synthetic ADDED
/// events first, and with or without the BOOKMARK that marks their end (<c>k8s.io/initial-events-end</c>, a streaming list).
/// </summary>
internal sealed record FakeWatchStart(long? After, bool InitialEvents, bool InitialEventsEnd)
{
    /// <summary>The current objects as ADDED events, then changes (a watch without a resourceVersion, as before streaming lists).</summary>
    public static FakeWatchStart CurrentState { get; } = new(null, true, false);

    /// <summary>The changes after <paramref name="resourceVersion"/> (history replayed), then live ones.</summary>
    public static FakeWatchStart From(long resourceVersion) => new(resourceVersion, false, false);
}
