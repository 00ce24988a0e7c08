using SecretsKit.Agent.Model;

namespace SecretsKit.Agent.ChangeEvents;

/// <summary>
/// A kind of change-event source, chosen by the scheme of a store's <c>secretskit.io/change-events</c> annotation
/// (<see cref="ChangeEventsAnnotation"/>). A new kind plugs in as a folder under <c>ChangeEvents/</c> holding a class that
/// implements this (plus its <see cref="IChangeEventSource"/>; a protocol client lives in SecretsKit.Cloud, its fake in
/// SecretsKit.Testing) and <b>one registration line</b> in <see cref="ChangeEventSources.All"/>; nothing else switches
/// over source names.
/// </summary>
internal interface IChangeEventSourceKind
{
    /// <summary>The annotation's scheme (<c>sqs</c> in <c>sqs://…</c>, or the whole value for a scheme-only source such as <c>vault-events</c>).</summary>
    string Scheme { get; }

    /// <summary>The store providers (<c>spec.provider.*</c>) whose changes this source reports, e.g. <c>aws</c>.</summary>
    IReadOnlyList<string> Providers { get; }

    /// <summary>
    /// Checks the annotation's value (after <c>scheme://</c>; empty for a scheme-only value) for <paramref name="store"/>;
    /// returns the problem in one line (shown in the store's <c>ChangeEventsReady</c> condition) or null when usable.
    /// </summary>
    string? Validate(string address, StoreResource store);

    /// <summary>Connects to the source with the store's own credentials (<see cref="ChangeSourceContext.Spec"/>).</summary>
    Task<IChangeEventSource> ConnectAsync(ChangeSourceContext context, CancellationToken ct);
}
