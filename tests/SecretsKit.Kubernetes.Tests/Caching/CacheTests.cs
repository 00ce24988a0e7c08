using System.Threading.Channels;
using SecretsKit.Kubernetes.Caching;

namespace SecretsKit.Kubernetes.Tests.Caching;

public sealed class CacheTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("timed out waiting for: " + what);
            await Task.Delay(20);
        }
    }

    /// <summary>Runs the ListWatch in the background, optionally copying its events into <paramref name="sink"/>.</summary>
    private static Task Drain(ListWatch lw, CancellationToken ct, ChannelWriter<WatchEvent>? sink = null) => Task.Run(async () =>
    {
        await foreach (var e in lw.RunAsync(ct))
        {
            if (sink is not null) await sink.WriteAsync(e, ct);
        }
    }, CancellationToken.None);

    private static int Gets(FakeCluster c) => c.Server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal));

    [Fact]
    public async Task Cached_reader_answers_from_a_synced_watch_without_gets_and_a_miss_is_not_found()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        var reader = new CachedReader(c.Client);
        Assert.NotNull(await reader.TryGetAsync(ResourceTypes.Secret, "default", "db")); // no cache yet: a GET
        Assert.Equal(1, reader.ApiGets);

        var lw = new ListWatch(c.Client, ResourceTypes.Secret, "default", cache: reader.CacheFor(ResourceTypes.Secret, "default", null));
        using var cts = new CancellationTokenSource(Patience);
        var run = Drain(lw, cts.Token);
        await WaitAsync(() => lw.Cache.HasSynced, "the cache is synced");
        var gets = Gets(c);

        var copy = await reader.TryGetAsync(ResourceTypes.Secret, "default", "db");
        copy!["data"]!["password"] = "changed-locally";
        Assert.Equal("c2VjcmV0", (await reader.TryGetAsync(ResourceTypes.Secret, "default", "db"))!["data"]!["password"]!.GetValue<string>());
        Assert.Null(await reader.TryGetAsync(ResourceTypes.Secret, "default", "missing"));

        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("later"));
        await WaitAsync(() => lw.Cache.TryGet("default", "later") is not null, "the watch adds the new Secret");
        Assert.NotNull(await reader.TryGetAsync(ResourceTypes.Secret, "default", "later"));
        Assert.Null(await reader.TryGetAsync(ResourceTypes.Secret, "elsewhere", "x")); // not watched: asked of the server
        Assert.Equal(gets + 1, Gets(c)); // only the read outside the watched namespace went to the server
        Assert.Equal(2, reader.ApiGets);
        await cts.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Label_selected_cache_miss_falls_back_to_a_get_and_own_writes_are_seen_before_their_event()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("unmanaged"));
        var reader = new CachedReader(c.Client);
        var cache = reader.CacheFor(ResourceTypes.Secret, null, "managed=true");
        var lw = new ListWatch(c.Client, ResourceTypes.Secret, null, cache: cache) { LabelSelector = "managed=true" };
        using var cts = new CancellationTokenSource(Patience);
        var run = Drain(lw, cts.Token);
        await WaitAsync(() => cache.HasSynced, "the cache is synced");
        Assert.Equal(0, cache.Count); // the unrelated Secret is never cached

        Assert.NotNull(await reader.TryGetAsync(ResourceTypes.Secret, "default", "unmanaged"));
        Assert.Equal(1, reader.ApiGets);

        var written = await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("mine", labels: new Dictionary<string, string> { ["managed"] = "true" }));
        reader.Written(ResourceTypes.Secret, written);
        Assert.NotNull(await reader.TryGetAsync(ResourceTypes.Secret, "default", "mine"));
        Assert.Equal(1, reader.ApiGets);
        await cts.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Listed_objects_are_not_kept_alive_by_the_watch_once_handed_out()
    {
        await using var c = await FakeCluster.StartAsync();
        foreach (var name in new[] { "a", "b", "c" }) await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret(name));
        var lw = new ListWatch(c.Client, ResourceTypes.Secret, "default");
        using var cts = new CancellationTokenSource(Patience);
        var handedOut = new System.Collections.Concurrent.ConcurrentBag<WeakReference>();
        var synced = false;
        var run = Task.Run(async () =>
        {
            await foreach (var e in lw.RunAsync(cts.Token))
            {
                if (e.Object is not null) handedOut.Add(new WeakReference(e.Object));
                if (e.Type == WatchEventType.Synced) Volatile.Write(ref synced, true);
            }
        }, CancellationToken.None);
        await WaitAsync(() => Volatile.Read(ref synced), "the list is handed out");

        // the watch now waits for changes (for minutes); a relist of thousands of objects must not stay in memory until the next one
        var collectable = false;
        for (var attempt = 0; attempt < 50 && !collectable; attempt++)
        {
            await Task.Delay(20);
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            collectable = handedOut.All(w => !w.IsAlive);
        }

        Assert.False(run.IsCompleted);
        Assert.True(collectable, "a listed object is still referenced by the running watch");
        Assert.Equal(3, handedOut.Count);
        await cts.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Resync_delivers_every_cached_object_again_without_an_api_request()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("a"));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("b"));
        var lw = new ListWatch(c.Client, ResourceTypes.Secret, "default") { ResyncPeriod = TimeSpan.FromMilliseconds(200) };
        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Drain(lw, cts.Token, events.Writer);

        var seen = new List<WatchEvent>();
        while (seen.Count(e => e.Type == WatchEventType.Modified) < 4) seen.Add(await events.Reader.ReadAsync(cts.Token));
        Assert.Equal(["a", "a", "b", "b"], seen.Where(e => e.Type == WatchEventType.Modified).Select(e => e.Object!.GetName()!).Order());
        Assert.Equal(1, lw.ListCount);
        Assert.Equal(1, c.Server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal)));
        await cts.CancelAsync();
        await pump.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    [Fact]
    public async Task Strip_managed_fields_keeps_them_out_of_the_cache_and_the_events()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.ApplyAsync(ResourceTypes.ConfigMap, ConfigMap("applied"), "test-manager");
        var lw = new ListWatch(c.Client, ResourceTypes.ConfigMap, "default") { StripManagedFields = true };
        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Drain(lw, cts.Token, events.Writer);
        var listed = await events.Reader.ReadAsync(cts.Token);
        Assert.NotNull((await c.Client.GetAsync(ResourceTypes.ConfigMap, "default", "applied"))["metadata"]!["managedFields"]);
        Assert.Null(listed.Object!["metadata"]!["managedFields"]);

        await c.Client.ApplyAsync(ResourceTypes.ConfigMap, ConfigMap("watched"), "test-manager");
        WatchEvent ev;
        while ((ev = await events.Reader.ReadAsync(cts.Token)).Object?.GetName() != "watched")
        {
        }
        Assert.Null(ev.Object!["metadata"]!["managedFields"]);
        Assert.Null(lw.Cache.TryGet("default", "watched")!["metadata"]!["managedFields"]);
        await cts.CancelAsync();
        await pump.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static System.Text.Json.Nodes.JsonObject ConfigMap(string name)
    {
        var cm = KubeObjectMetadata.New(ResourceTypes.ConfigMap, name, "default");
        cm["data"] = new System.Text.Json.Nodes.JsonObject { ["a"] = "b" };
        return cm;
    }

    [Fact]
    public void Own_write_that_arrives_after_the_objects_delete_event_does_not_bring_it_back()
    {
        var cache = new ObjectCache(ResourceTypes.Secret, "default", null);
        cache.Replace(new Dictionary<string, System.Text.Json.Nodes.JsonObject>());
        cache.Apply(new WatchEvent(WatchEventType.Deleted, Versioned("db", "10")));
        cache.Written(Versioned("db", "10")); // the answer to our own update, handed over after the watch saw the delete
        Assert.Null(cache.TryGet("default", "db"));
        cache.Written(Versioned("db", "9"));
        Assert.Null(cache.TryGet("default", "db"));
        cache.Apply(new WatchEvent(WatchEventType.Added, Versioned("db", "12"))); // re-created
        Assert.Equal("12", cache.TryGet("default", "db")!.GetResourceVersion());
        cache.Written(Versioned("db", "11")); // older than what the cache holds
        Assert.Equal("12", cache.TryGet("default", "db")!.GetResourceVersion());
    }

    /// <summary>
    /// The cache finds its objects by the namespace and name their packed form leads with (no key string beside each):
    /// one name in two namespaces is two objects, cluster-scoped objects have no namespace, names need not be ASCII, and
    /// a write replaces the object of its name.
    /// </summary>
    [Fact]
    public void Objects_are_found_by_namespace_and_name_without_a_key_string()
    {
        var secrets = new ObjectCache(ResourceTypes.Secret, null, null);
        secrets.Replace(new Dictionary<string, System.Text.Json.Nodes.JsonObject>
        {
            ["a/db"] = InNamespace(Versioned("db", "1"), "a"),
            ["b/db"] = InNamespace(Versioned("db", "2"), "b"),
            ["a/dbx"] = InNamespace(Versioned("dbx", "3"), "a"),
            ["a/näme"] = InNamespace(Versioned("näme", "4"), "a"),
        });
        Assert.Equal(4, secrets.Count);
        Assert.Equal("1", secrets.TryGet("a", "db")!.GetResourceVersion());
        Assert.Equal("2", secrets.TryGet("b", "db")!.GetResourceVersion());
        Assert.Equal("4", secrets.TryGet("a", "näme")!.GetResourceVersion());
        Assert.Null(secrets.TryGet("a", "d"));
        Assert.Null(secrets.TryGet("ab", "db")); // not "a" + "bdb" or "ab" + "db" run together
        Assert.False(secrets.Contains("c", "db"));
        Assert.Equal(["a/db", "a/dbx", "a/näme", "b/db"], secrets.Snapshot().Keys.Order(StringComparer.Ordinal));

        secrets.Written(InNamespace(Versioned("db", "5"), "a"));
        Assert.Equal(4, secrets.Count);
        Assert.Equal("5", secrets.TryGet("a", "db")!.GetResourceVersion());
        secrets.Removed("b", "db");
        Assert.Null(secrets.TryGet("b", "db"));
        Assert.Equal(3, secrets.Count);

        var namespaces = new ObjectCache(ResourceTypes.Namespace, null, null);
        var apps = Versioned("apps", "7");
        apps["metadata"]!.AsObject().Remove("namespace");
        namespaces.Replace(new Dictionary<string, System.Text.Json.Nodes.JsonObject> { ["/apps"] = apps });
        Assert.Equal("7", namespaces.TryGet(null, "apps")!.GetResourceVersion());
        Assert.Equal("7", namespaces.TryGet("ignored-for-a-cluster-scoped-type", "apps")!.GetResourceVersion());
        Assert.Equal(["/apps"], namespaces.Snapshot().Keys);
    }

    private static System.Text.Json.Nodes.JsonObject InNamespace(System.Text.Json.Nodes.JsonObject obj, string ns)
    {
        obj["metadata"]!["namespace"] = ns;
        return obj;
    }

    /// <summary>
    /// A relist, a resync and a gained shard at 100,000 objects must not parse every object at once (about 2.5 KB of tree
    /// each, against a few hundred packed bytes): the objects are unpacked one event at a time, and an event's object
    /// handed out before is not kept alive by the loop.
    /// </summary>
    [Fact]
    public async Task A_relist_hands_out_one_parsed_object_at_a_time_and_keeps_none_it_handed_out()
    {
        await using var c = await FakeCluster.StartAsync();
        for (var i = 0; i < 5; i++) await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret($"s{i}"));
        var lw = new ListWatch(c.Client, ResourceTypes.Secret, "default") { PageSize = 2 };
        using var cts = new CancellationTokenSource(Patience);
        await using var events = lw.RunAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await events.MoveNextAsync());
        var names = new List<string> { events.Current.Object!.GetName()! };
        var first = Handed(events.Current);
        Assert.True(await events.MoveNextAsync());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(first.TryGetTarget(out _), "the first listed object is still alive after the loop moved on");
        names.Add(events.Current.Object!.GetName()!);
        while (names.Count < 5 && await events.MoveNextAsync()) names.Add(events.Current.Object!.GetName()!);
        Assert.Equal(["s0", "s1", "s2", "s3", "s4"], names.Order());

        // the cache's own enumeration (resyncs, shards gained) is the same
        using var objects = lw.Cache.Objects().GetEnumerator();
        Assert.True(objects.MoveNext());
        var cached = Handed(objects.Current);
        Assert.True(objects.MoveNext());
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(cached.TryGetTarget(out _), "the first cached object is still alive after the enumeration moved on");
        await cts.CancelAsync();
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<System.Text.Json.Nodes.JsonObject> Handed(WatchEvent ev) => new(ev.Object!);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<System.Text.Json.Nodes.JsonObject> Handed(System.Text.Json.Nodes.JsonObject obj) => new(obj);

    private static System.Text.Json.Nodes.JsonObject Versioned(string name, string resourceVersion)
    {
        var secret = FakeCluster.Secret(name);
        secret.SetResourceVersion(resourceVersion);
        return secret;
    }
}
