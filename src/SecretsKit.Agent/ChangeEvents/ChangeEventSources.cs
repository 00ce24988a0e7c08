namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// The registry of change-event source kinds (<see cref="IChangeEventSourceKind"/>), looked up by the annotation's scheme.
/// A new source is one line in <see cref="All"/>.
/// </summary>
internal sealed class ChangeEventSources(IReadOnlyList<IChangeEventSourceKind> kinds)
{
    /// <summary>Every source the agent knows.</summary>
    public static ChangeEventSources All() => new(
    [
        new Sqs.SqsSourceKind(),
        new PubSub.PubSubSourceKind(),
        new VaultEvents.VaultEventsSourceKind(),
        new ServiceBus.ServiceBusSourceKind(),
    ]);

    public IEnumerable<string> Schemes => kinds.Select(k => k.Scheme);

    public IChangeEventSourceKind? Find(string scheme) => kinds.FirstOrDefault(k => string.Equals(k.Scheme, scheme, StringComparison.Ordinal));
}
