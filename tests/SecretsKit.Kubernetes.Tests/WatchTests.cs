using System.Text.Json.Nodes;
using System.Threading.Channels;
using SecretsKit.Kubernetes.Caching;
using SecretsKit.Kubernetes.Errors;

namespace SecretsKit.Kubernetes.Tests;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<WatchEvent> NextAsync(ChannelReader<WatchEvent> reader)
    {
        using var cts = new CancellationTokenSource(Patience);
        return await reader.ReadAsync(cts.Token);
    }

    private static Task Pump(IAsyncEnumerable<WatchEvent> source, ChannelWriter<WatchEvent> sink, CancellationToken ct) => Task.Run(async () =>
    {
        try
        {
            await foreach (var e in source.WithCancellation(ct)) await sink.WriteAsync(e, ct);
            sink.TryComplete();
        }
        catch (Exception e)
        {
            sink.TryComplete(e);
        }
    }, ct);

    [Fact]
    public async Task Watch_from_list_version_streams_modified_deleted_and_bookmark_events()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db"));
        var list = await c.Client.ListAsync(ResourceTypes.Secret, "default");

        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Pump(c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { ResourceVersion = list.ResourceVersion }, cts.Token), events.Writer, cts.Token);

        await c.Client.PatchAsync(ResourceTypes.Secret, null, "db", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["v"] = "2" } } });
        await c.Client.DeleteAsync(ResourceTypes.Secret, null, "db");

        var modified = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Equal("2", modified.Object!.GetLabel("v"));
        var deleted = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Deleted, deleted.Type);

        c.Server.SendBookmarks();
        var bookmark = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal(deleted.ResourceVersion, bookmark.ResourceVersion);
        Assert.Contains(c.Server.Requests, r => r.Query.Contains("allowWatchBookmarks=true", StringComparison.Ordinal) && r.Query.Contains("watch=true", StringComparison.Ordinal));
        await cts.CancelAsync();
        await pump;
    }

    [Fact]
    public async Task Watch_with_label_selector_sees_object_leaving_selection_as_deleted()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db", labels: new Dictionary<string, string> { ["managed"] = "true" }));
        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Pump(c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { LabelSelector = "managed=true" }, cts.Token), events.Writer, cts.Token);

        Assert.Equal(WatchEventType.Added, (await NextAsync(events.Reader)).Type);
        await c.Client.PatchAsync(ResourceTypes.Secret, null, "db", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["managed"] = null } } });
        Assert.Equal(WatchEventType.Deleted, (await NextAsync(events.Reader)).Type);
        await cts.CancelAsync();
        await pump;
    }

    [Fact]
    public async Task Watch_from_a_compacted_resourceVersion_throws_gone()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("a"));
        var old = (await c.Client.ListAsync(ResourceTypes.Secret, "default")).ResourceVersion;
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("b"));
        c.Server.CompactHistory();

        var e = await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { ResourceVersion = old }))
            {
            }
        });
        Assert.Equal(410, e.Status?.Code);
    }

    [Fact]
    public async Task Watch_ends_when_the_server_timeout_elapses()
    {
        await using var c = await FakeCluster.StartAsync();
        var rv = (await c.Client.ListAsync(ResourceTypes.Secret, "default")).ResourceVersion;
        var count = 0;
        await foreach (var _ in c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { ResourceVersion = rv, TimeoutSeconds = 1 }))
        {
            count++;
        }
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task ListWatch_relists_after_410_and_reports_what_changed_meanwhile()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("a"));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("kept"));
        var lw = new ListWatch(c.Client, ResourceTypes.Secret, "default")
        {
            PageSize = 1,
            WatchTimeoutSeconds = 1,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        };
        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Pump(lw.RunAsync(cts.Token), events.Writer, cts.Token);

        Assert.Equal(WatchEventType.Added, (await NextAsync(events.Reader)).Type);
        Assert.Equal(WatchEventType.Added, (await NextAsync(events.Reader)).Type);
        Assert.Equal(WatchEventType.Synced, (await NextAsync(events.Reader)).Type);
        Assert.Equal(1, lw.ListCount);

        // a live change arrives through the watch
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("live"));
        var live = await NextAsync(events.Reader);
        Assert.Equal((WatchEventType.Added, "live"), (live.Type, live.Object!.GetName()));

        // break the watch, change things while it is down, then forget the history: the re-watch gets 410
        var fault = c.Server.InjectFault("watch=true", 503, times: int.MaxValue, method: "GET");
        while (!c.Server.Requests.Any(r => r.StatusCode == 503))
        {
            await Task.Delay(50, cts.Token);
        }
        await c.Client.DeleteAsync(ResourceTypes.Secret, null, "a");
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("b"));
        c.Server.CompactHistory();
        fault.Clear();

        var relisted = new List<WatchEvent>();
        WatchEvent ev;
        while ((ev = await NextAsync(events.Reader)).Type != WatchEventType.Synced) relisted.Add(ev);
        Assert.Equal(
            [(WatchEventType.Deleted, "a"), (WatchEventType.Added, "b")],
            relisted.Select(e => (e.Type, e.Object!.GetName()!)).OrderBy(x => x.Item2));
        Assert.Equal(2, lw.ListCount);
        Assert.Equal(["b", "kept", "live"], lw.Snapshot().Values.Select(o => o.GetName()!).Order());
        await cts.CancelAsync();
        await pump;
    }

    [Fact]
    public async Task ListWatch_bookmarks_advance_the_resume_version()
    {
        await using var c = await FakeCluster.StartAsync();
        var lw = new ListWatch(c.Client, ResourceTypes.ConfigMap, "default");
        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Pump(lw.RunAsync(cts.Token), events.Writer, cts.Token);
        Assert.Equal(WatchEventType.Synced, (await NextAsync(events.Reader)).Type);

        // changes elsewhere move the global resourceVersion; a bookmark tells the watcher
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("unrelated"));
        while (!c.Server.Requests.Any(r => r.Query.Contains("watch=true", StringComparison.Ordinal)))
        {
            await Task.Delay(20, cts.Token);
        }
        c.Server.SendBookmarks();
        var bookmark = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Bookmark, bookmark.Type);
        Assert.Equal(c.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), lw.ResourceVersion);
        await cts.CancelAsync();
        await pump;
    }

    [Fact]
    public async Task Metadata_only_list_and_watch_carry_no_secret_data()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("db", labels: new Dictionary<string, string> { ["managed"] = "true" }));
        var list = await c.Client.ListAsync(ResourceTypes.Secret, "default", new ListOptions { MetadataOnly = true });
        var item = Assert.Single(list.Items);
        Assert.Equal("PartialObjectMetadata", item.GetKind());
        Assert.Equal("true", item.GetLabel("managed"));
        Assert.Null(item["data"]);

        using var cts = new CancellationTokenSource(Patience);
        var events = Channel.CreateUnbounded<WatchEvent>();
        var pump = Pump(c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { ResourceVersion = list.ResourceVersion, MetadataOnly = true }, cts.Token), events.Writer, cts.Token);
        await c.Client.PatchAsync(ResourceTypes.Secret, null, "db", new JsonObject { ["data"] = new JsonObject { ["password"] = "ZWRpdGVk" } });
        var modified = await NextAsync(events.Reader);
        Assert.Equal(WatchEventType.Modified, modified.Type);
        Assert.Null(modified.Object!["data"]);
        Assert.Equal(c.Server.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), modified.ResourceVersion);
        await cts.CancelAsync();
        await pump;
    }
}
