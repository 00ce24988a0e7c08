using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Caching;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Caching;

/// <summary>
/// An informer-like loop: list (paged), then watch from the list's resourceVersion with bookmarks, re-watching from
/// the last seen version when a stream ends, and relisting when the server answers 410 Gone. A relist is diffed
/// against the cache, so callers see ADDED/MODIFIED/DELETED for what changed while the watch was broken, followed by
/// <see cref="WatchEventType.Synced"/>. Transient failures are retried after <see cref="RetryDelay"/>; a list that keeps
/// failing (a 404 for a CRD not installed, a 403 without RBAC) is retried after twice the last wait, up to
/// <see cref="MaxListRetryDelay"/>, as client-go's reflector backs off (800 ms doubling to 30 s), so a missing resource
/// costs a request every 30 s instead of one a second from the client's rate limit. With a
/// <see cref="ResyncPeriod"/> every cached object is delivered again as MODIFIED that often (client-go's resync; no API
/// request), so a handler that missed something catches up. The objects live in <see cref="Cache"/>, which can be passed
/// in so it outlives one ListWatch and serves reads (<see cref="CachedReader"/>).
/// </summary>
public sealed class ListWatch(KubernetesClient client, ResourceType type, string? ns = null, TimeProvider? time = null, ObjectCache? cache = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private ObjectCache? _cache = cache;

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size of each list (0 = one request).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Server-side lifetime of each watch request.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two failed lists in a row (the waits double from <see cref="RetryDelay"/>).</summary>
    public TimeSpan MaxListRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait after <paramref name="failures"/> failed lists in a row (1 = the first failure).</summary>
    public static TimeSpan ListRetryDelay(TimeSpan first, TimeSpan max, int failures)
    {
        var wait = first;
        for (var i = 1; i < failures && wait < max; i++) wait *= 2;
        return wait < max ? wait : max;
    }

    /// <summary>How many lists have been made (1 after the initial sync; more after each 410).</summary>
    public int ListCount { get; private set; }

    /// <summary>The resourceVersion the next watch starts from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Called with each failure that is being retried (never with secret data: exceptions carry no bodies).</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>
    /// Drop <c>metadata.managedFields</c> from every object before it is cached or delivered (client-go's
    /// <c>TransformStripManagedFields</c>): the API server adds them on every write and they are often the biggest part
    /// of a small object.
    /// </summary>
    public bool StripManagedFields { get; init; }

    /// <summary>How often every cached object is delivered again as MODIFIED; null = never.</summary>
    public TimeSpan? ResyncPeriod { get; init; }

    /// <summary>The objects seen, kept current by this loop.</summary>
    public ObjectCache Cache => _cache ??= new ObjectCache(type, ns, LabelSelector);

    /// <summary>A snapshot of the cache, keyed <c>namespace/name</c>.</summary>
    public IReadOnlyDictionary<string, JsonObject> Snapshot() => Cache.Snapshot();

    public async IAsyncEnumerable<WatchEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failedLists = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var relisted = await TryRelistAsync(cancellationToken);
            if (relisted is null)
            {
                await Task.Delay(ListRetryDelay(RetryDelay, MaxListRetryDelay, ++failedLists), _time, cancellationToken);
                continue;
            }
            failedLists = 0;
            // each object is unpacked as its event is handed out and dropped from the list then: a relist of 100,000 objects
            // holds their packed bytes, never their trees at once (and the list goes now, not at the next relist: this
            // iterator lives for hours)
            for (var i = 0; i < relisted.Count; i++)
            {
                var pending = relisted[i];
                relisted[i] = default;
                yield return pending.ToEvent();
            }
            relisted = null;

            // watch until the server says the version is gone
            var session = new WatchSession();
            while (!session.Gone && !cancellationToken.IsCancellationRequested)
            {
                await foreach (var ev in WatchOnceAsync(session, cancellationToken)) yield return ev;
            }
        }
    }

    private async Task<List<ObjectCache.PackedEvent>?> TryRelistAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await RelistAsync(cancellationToken);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
        {
            OnError?.Invoke(e);
            return null;
        }
    }

    /// <summary>The watches since the last list: <see cref="Gone"/> once the server answered 410 (time to relist).</summary>
    private sealed class WatchSession
    {
        public bool Gone { get; set; }

        /// <summary>The watch stream's next-event call still under way (abandoned with its watch).</summary>
        public Task<bool>? Pending { get; set; }
    }

    private enum StepKind
    {
        Event,
        End,
        Gone,
        Failed,
        Resync,
    }

    private readonly record struct Step(StepKind Kind, WatchEvent? Event = null);

    /// <summary>One watch request, from the last resourceVersion until its stream ends, fails or is gone.</summary>
    private async IAsyncEnumerable<WatchEvent> WatchOnceAsync(WatchSession session, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var options = new WatchOptions
        {
            ResourceVersion = ResourceVersion,
            AllowBookmarks = true,
            TimeoutSeconds = WatchTimeoutSeconds,
            LabelSelector = LabelSelector,
            FieldSelector = FieldSelector,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var enumerator = client.WatchAsync(type, ns, options, stop.Token).GetAsyncEnumerator(stop.Token);
        try
        {
            while (true)
            {
                var step = await NextStepAsync(enumerator, session, cancellationToken);
                switch (step.Kind)
                {
                    case StepKind.Gone:
                        session.Gone = true;
                        yield break;
                    case StepKind.End:
                        yield break;
                    case StepKind.Failed:
                        session.Pending = null;
                        await Task.Delay(RetryDelay, _time, cancellationToken);
                        yield break;
                    case StepKind.Resync:
                        foreach (var cached in ResyncEvents()) yield return cached;
                        break;
                    default:
                        Apply(step.Event!);
                        yield return step.Event!;
                        break;
                }
            }
        }
        finally
        {
            await AbandonAsync(stop, session, enumerator);
        }
    }

    /// <summary>The next event, or the end of the stream, a 410, a failure (reported), or a resync that fell due first.</summary>
    private async Task<Step> NextStepAsync(IAsyncEnumerator<WatchEvent> enumerator, WatchSession session, CancellationToken cancellationToken)
    {
        try
        {
            session.Pending ??= enumerator.MoveNextAsync().AsTask();
            if (await ResyncDueBeforeAsync(session.Pending, cancellationToken)) return new Step(StepKind.Resync);
            var more = await session.Pending;
            session.Pending = null;
            return more ? new Step(StepKind.Event, enumerator.Current) : new Step(StepKind.End);
        }
        catch (KubernetesGoneException)
        {
            return new Step(StepKind.Gone);
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
        {
            OnError?.Invoke(e);
            return new Step(StepKind.Failed);
        }
    }

    /// <summary>Every cached object as a Modified event, handed out one by one and dropped as they go.</summary>
    private IEnumerable<WatchEvent> ResyncEvents()
    {
        // the iterator must not keep a tree of every object
        foreach (var cached in Cache.Objects()) yield return new WatchEvent(WatchEventType.Modified, cached);
    }

    private static async Task AbandonAsync(CancellationTokenSource stop, WatchSession session, IAsyncEnumerator<WatchEvent> enumerator)
    {
        await stop.CancelAsync();
        if (session.Pending is { } pending)
        {
            session.Pending = null;
            try
            {
                await pending;
            }
            catch (Exception e) when (e is OperationCanceledException or KubernetesApiException or HttpRequestException or IOException)
            {
                // the watch was being abandoned anyway
            }
        }
        await enumerator.DisposeAsync();
    }

    private void Transform(JsonObject? obj)
    {
        if (StripManagedFields && obj?["metadata"] is JsonObject meta) meta.Remove("managedFields");
    }

    private DateTimeOffset? _nextResync;

    /// <summary>Waits for <paramref name="next"/> or the next resync, whichever comes first; true = resync now.</summary>
    private async Task<bool> ResyncDueBeforeAsync(Task<bool> next, CancellationToken cancellationToken)
    {
        if (ResyncPeriod is not { } period || next.IsCompleted) return false;
        var now = _time.GetUtcNow();
        _nextResync ??= now + period;
        if (_nextResync <= now)
        {
            _nextResync = now + period;
            return true;
        }
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(_nextResync.Value - now, _time, wait.Token);
        var first = await Task.WhenAny(next, delay);
        await wait.CancelAsync();
        if (first == next) return false;
        _nextResync = _time.GetUtcNow() + period;
        return true;
    }

    private void Apply(WatchEvent ev)
    {
        Transform(ev.Object);
        if (ev.ResourceVersion is { Length: > 0 } rv) ResourceVersion = rv;
        Cache.Apply(ev);
    }

    /// <summary>Lists everything and returns the events that turn the cache into the fresh list, then Synced.</summary>
    private async Task<List<ObjectCache.PackedEvent>> RelistAsync(CancellationToken cancellationToken)
    {
        // packed as each page arrives: only one page is ever parsed at a time
        var fresh = ObjectCache.NewSet();
        string? token = null;
        string listVersion;
        do
        {
            var page = await client.ListAsync(type, ns, new ListOptions
            {
                LabelSelector = LabelSelector,
                FieldSelector = FieldSelector,
                Limit = PageSize,
                Continue = token,
            }, cancellationToken);
            foreach (var item in page.Items)
            {
                Transform(item);
                ObjectCache.Add(fresh, Cache.Pack(item));
            }
            token = page.Continue;
            listVersion = page.ResourceVersion;
        }
        while (token is not null);

        // this loop's first list announces everything: its consumer starts from nothing even when the cache outlived an earlier loop
        var events = Cache.Replace(fresh, announceAll: ListCount == 0);
        ListCount++;
        ResourceVersion = listVersion;
        events.Add(new ObjectCache.PackedEvent(WatchEventType.Synced, null, null));
        return events;
    }
}
