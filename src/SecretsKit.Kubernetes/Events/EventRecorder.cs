using System.Text;
using System.Text.Json.Nodes;
using SecretsKit.Core.Errors;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Kubernetes.Models;

namespace SecretsKit.Kubernetes.Events;

/// <summary>
/// Records Kubernetes Events about an object (what <c>kubectl describe</c> shows): core/v1 by default, or
/// events.k8s.io/v1. Like client-go's recorder it aggregates: the same object, type, reason and message again updates
/// the Event already written (core/v1 <c>count</c> and <c>lastTimestamp</c>; events.k8s.io/v1 <c>series</c>) instead of
/// creating another (<see cref="EventCorrelator"/>), and more than 25 events about one object are dropped except one
/// per 5 minutes (<see cref="EventSpamFilter"/>). Messages are the caller's; never put secret values in them. A message
/// quoting tenant input is cut (<see cref="Echo.Truncated"/>): a core/v1 <c>message</c> to <see cref="MaxMessage"/>
/// characters, as conditions are, and an events.k8s.io/v1 <c>note</c> to the API server's 1,024 bytes (a longer one is refused).
/// </summary>
public sealed class EventRecorder(KubernetesClient client, string component, string? instance = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly EventCorrelator _correlator = new();
    private readonly EventSpamFilter _spam = new(time ?? TimeProvider.System);
    private long _dropped;

    /// <summary>Events created by this process (their names' last part).</summary>
    private static int _sequence;

    /// <summary>Characters of a core/v1 Event's message kept (the agent's conditions keep as many).</summary>
    public const int MaxMessage = 2_000;

    /// <summary>UTF-8 bytes of an events.k8s.io/v1 Event's note the API server accepts.</summary>
    public const int MaxNoteBytes = 1_024;

    /// <summary>Write events.k8s.io/v1 Events instead of core/v1.</summary>
    public bool UseEventsV1 { get; init; }

    /// <summary>Events not written because their object had too many (the spam filter).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Records an event about <paramref name="regarding"/> (an object read from the server); returns the Event as
    /// written (created, or updated with a higher count), or null when the spam filter dropped it.
    /// </summary>
    public async Task<JsonObject?> RecordAsync(JsonObject regarding, EventSeverity severity, string reason, string message, string? action = null,
        CancellationToken cancellationToken = default)
    {
        message = UseEventsV1 ? Note(message) : Echo.Truncated(message, MaxMessage);
        var ns = regarding.GetNamespace() ?? "default";
        var type = severity == EventSeverity.Warning ? "Warning" : "Normal";
        var source = instance ?? component;
        if (!_spam.Allow(string.Join('\0', regarding.GetUid(), regarding.GetKind(), ns, regarding.GetName(), source)))
        {
            Interlocked.Increment(ref _dropped);
            return null;
        }
        var key = EventCorrelator.KeyOf(regarding.GetUid(), regarding.GetKind(), ns, regarding.GetName(), type, reason, message, source);
        var now = _time.GetUtcNow();
        if (_correlator.Find(key) is { } seen)
        {
            try
            {
                var updated = await client.PatchAsync(UseEventsV1 ? ResourceTypes.EventV1 : ResourceTypes.Event, seen.Namespace, seen.Name,
                    Repeat(seen.Count + 1, now), PatchType.Merge, cancellationToken);
                _correlator.Remember(seen with { Count = seen.Count + 1 });
                return updated;
            }
            catch (KubernetesNotFoundException)
            {
                _correlator.Forget(key); // the Event expired (the API server keeps them about an hour): write a new one
            }
        }
        var created = await CreateAsync(regarding, ns, type, reason, message, action, now, cancellationToken);
        _correlator.Remember(new EventCorrelator.Seen(key, created.GetName() ?? "", ns, 1, now));
        return created;
    }

    /// <summary><paramref name="message"/> cut so that its UTF-8 form fits <see cref="MaxNoteBytes"/>.</summary>
    private static string Note(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxNoteBytes) return message;
        var tail = Echo.Tail(message.Length);
        var budget = MaxNoteBytes - Encoding.UTF8.GetByteCount(tail);
        int chars = 0, bytes = 0;
        while (chars < message.Length)
        {
            var width = char.IsSurrogatePair(message, chars) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(message.AsSpan(chars, width));
            if (bytes + size > budget) break;
            bytes += size;
            chars += width;
        }
        return string.Concat(message.AsSpan(0, chars), tail);
    }

    /// <summary>The patch that records one more occurrence of an Event already written.</summary>
    private JsonObject Repeat(int count, DateTimeOffset now) => UseEventsV1
        ? new JsonObject { ["series"] = new JsonObject { ["count"] = count, ["lastObservedTime"] = Coordination.LeaderElector.MicroTime(now) } }
        : new JsonObject { ["count"] = count, ["lastTimestamp"] = Timestamp(now) };

    private static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private Task<JsonObject> CreateAsync(JsonObject regarding, string ns, string type, string reason, string message, string? action, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // the millisecond, a random part (another process writing about the same object at the same time) and this
        // process's count (two events at one instant, e.g. a condition and the next one under a clock that has not moved:
        // a random part alone collided, one pair in 4,096, and the second event was refused as already existing)
        var sequence = (ushort)Interlocked.Increment(ref _sequence);
        var name = $"{regarding.GetName()}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}{sequence:x4}";
        var reference = new ObjectReference
        {
            ApiVersion = regarding.GetApiVersion(),
            Kind = regarding.GetKind(),
            Name = regarding.GetName(),
            Namespace = regarding.GetNamespace(),
            Uid = regarding.GetUid(),
            ResourceVersion = regarding.GetResourceVersion(),
        };
        if (UseEventsV1)
        {
            var ev = KubeObjectMetadata.New(ResourceTypes.EventV1, name, ns);
            ev["eventTime"] = Coordination.LeaderElector.MicroTime(now);
            ev["reportingController"] = component;
            ev["reportingInstance"] = instance ?? component;
            ev["action"] = action ?? reason;
            ev["reason"] = reason;
            ev["note"] = message;
            ev["type"] = type;
            ev["regarding"] = KubeModels.From(reference, KubernetesJsonContext.Default.ObjectReference);
            return client.CreateAsync(ResourceTypes.EventV1, ev, cancellationToken);
        }
        var timestamp = Timestamp(now);
        var core = new CoreV1Event
        {
            Metadata = new ObjectMeta { Name = name, Namespace = ns },
            InvolvedObject = reference,
            Reason = reason,
            Message = message,
            Type = type,
            Source = new EventSource { Component = component },
            FirstTimestamp = timestamp,
            LastTimestamp = timestamp,
            Count = 1,
            Action = action,
            ReportingComponent = component,
            ReportingInstance = instance ?? component,
        };
        return client.CreateAsync(ResourceTypes.Event, KubeModels.FromEvent(core), cancellationToken);
    }
}
