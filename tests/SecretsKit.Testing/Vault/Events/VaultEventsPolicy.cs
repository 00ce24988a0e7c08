namespace SecretsKit.Testing.Vault.Events;

/// <summary>
/// The ACL a non-root token's event subscription is checked against, as Vault's events handler checks it: to connect,
/// <c>read</c> on the request's path <c>sys/events/subscribe/{pattern}</c>; then, for each event, the event must carry a
/// <c>data_path</c> (events without one reach root tokens only) on which the token has <c>subscribe</c>, with a
/// <c>subscribe_event_types</c> glob matching the event's type; any other event is silently left out. Policy paths use
/// Vault's syntax for a trailing <c>*</c> (a prefix); other paths match exactly (the <c>+</c> segment wildcard is not
/// modelled).
/// </summary>
public sealed record VaultEventsPolicy
{
    /// <summary>Policy paths with <c>read</c> (only those under <c>sys/events/subscribe/</c> matter here).</summary>
    public IReadOnlyList<string> Read { get; init; } = [];

    /// <summary>Policy paths with <c>subscribe</c>, each with its <c>subscribe_event_types</c>.</summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> EventTypes)> Subscribe { get; init; } = [];

    /// <summary>Whether the token may open <c>sys/events/subscribe/{pattern}</c> (<paramref name="requestPath"/>, without <c>/v1/</c>).</summary>
    public bool MayConnect(string requestPath) => Read.Any(p => Matches(p, requestPath));

    /// <summary>Whether an event of <paramref name="eventType"/> with <paramref name="dataPath"/> is delivered.</summary>
    public bool MayReceive(string? dataPath, string eventType) =>
        dataPath is { Length: > 0 } && Subscribe.Any(s => Matches(s.Path, dataPath) && s.EventTypes.Any(t => VaultEventGlob.Matches(t, eventType)));

    private static bool Matches(string policyPath, string path) =>
        policyPath.EndsWith('*') ? path.StartsWith(policyPath[..^1], StringComparison.Ordinal) : path == policyPath;
}
