using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes;

/// <summary>
/// An informer-like loop: list (paged), then watch from the list's resourceVersion with bookmarks, re-watching from
/// the last seen version when a stream ends, and relisting when the server answers 410 Gone. A relist is diffed
/// against the cache, so callers see ADDED/MODIFIED/DELETED for what changed while the watch was broken, followed by
/// <see cref="WatchEventType.Synced"/>. Transient failures are retried after <see cref="RetryDelay"/>.
/// </summary>
public sealed class ListWatch(KubernetesClient client, ResourceType type, string? ns = null, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, JsonObject> _cache = new(StringComparer.Ordinal);

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size of each list (0 = one request).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Server-side lifetime of each watch request.</summary>
    public int WatchTimeoutSeconds { get; init; } = 300;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How many lists have been made (1 after the initial sync; more after each 410).</summary>
    public int ListCount { get; private set; }

    /// <summary>The resourceVersion the next watch starts from.</summary>
    public string? ResourceVersion { get; private set; }

    /// <summary>Called with each failure that is being retried (never with secret data: exceptions carry no bodies).</summary>
    public Action<Exception>? OnError { get; init; }

    /// <summary>A snapshot of the cache, keyed <c>namespace/name</c>.</summary>
    public IReadOnlyDictionary<string, JsonObject> Snapshot()
    {
        lock (_cache) return new Dictionary<string, JsonObject>(_cache, StringComparer.Ordinal);
    }

    private static string Key(JsonObject o) => $"{o.GetNamespace()}/{o.GetName()}";

    public async IAsyncEnumerable<WatchEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            List<WatchEvent>? relisted = null;
            try
            {
                relisted = await RelistAsync(cancellationToken);
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or TimeoutException or IOException)
            {
                OnError?.Invoke(e);
            }
            if (relisted is null)
            {
                await Task.Delay(RetryDelay, _time, cancellationToken);
                continue;
            }
            foreach (var ev in relisted) yield return ev;

            // watch until the server says the version is gone
            var gone = false;
            while (!gone && !cancellationToken.IsCancellationRequested)
            {
                var options = new WatchOptions
                {
                    ResourceVersion = ResourceVersion,
                    AllowBookmarks = true,
                    TimeoutSeconds = WatchTimeoutSeconds,
                    LabelSelector = LabelSelector,
                    FieldSelector = FieldSelector,
                };
                var enumerator = client.WatchAsync(type, ns, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        WatchEvent? ev = null;
                        var failed = false;
                        try
                        {
                            if (!await enumerator.MoveNextAsync()) break;
                            ev = enumerator.Current;
                        }
                        catch (KubernetesGoneException)
                        {
                            gone = true;
                        }
                        catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
                        {
                            OnError?.Invoke(e);
                            failed = true;
                        }
                        if (gone) break;
                        if (failed)
                        {
                            await Task.Delay(RetryDelay, _time, cancellationToken);
                            break;
                        }
                        Apply(ev!);
                        yield return ev!;
                    }
                }
                finally
                {
                    await enumerator.DisposeAsync();
                }
            }
        }
    }

    private void Apply(WatchEvent ev)
    {
        if (ev.ResourceVersion is { Length: > 0 } rv) ResourceVersion = rv;
        if (ev.Object is null || ev.Type == WatchEventType.Bookmark) return;
        lock (_cache)
        {
            if (ev.Type == WatchEventType.Deleted) _cache.Remove(Key(ev.Object));
            else _cache[Key(ev.Object)] = ev.Object;
        }
    }

    /// <summary>Lists everything and returns the events that turn the cache into the fresh list, then Synced.</summary>
    private async Task<List<WatchEvent>> RelistAsync(CancellationToken cancellationToken)
    {
        var fresh = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
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
            foreach (var item in page.Items) fresh[Key(item)] = item;
            token = page.Continue;
            listVersion = page.ResourceVersion;
        }
        while (token is not null);

        var events = new List<WatchEvent>();
        lock (_cache)
        {
            foreach (var (key, old) in _cache)
            {
                if (!fresh.ContainsKey(key)) events.Add(new WatchEvent(WatchEventType.Deleted, old));
            }
            foreach (var (key, item) in fresh)
            {
                if (!_cache.TryGetValue(key, out var old)) events.Add(new WatchEvent(WatchEventType.Added, item));
                else if (old.GetResourceVersion() != item.GetResourceVersion()) events.Add(new WatchEvent(WatchEventType.Modified, item));
            }
            _cache.Clear();
            foreach (var (k, v) in fresh) _cache[k] = v;
        }
        ListCount++;
        ResourceVersion = listVersion;
        events.Add(new WatchEvent(WatchEventType.Synced, null));
        return events;
    }
}
