using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SecretsKit.Testing.Kubernetes;

/// <summary>
/// Serves <c>?watch=true</c>: newline-delimited JSON events, optional BOOKMARKs, <c>timeoutSeconds</c>, streaming lists
/// (<c>sendInitialEvents</c>, <see cref="FakeKubeListOptions"/>), and — as the real API server does — an in-stream ERROR
/// event carrying a 410 Status when the resourceVersion is too old.
/// </summary>
internal static class FakeKubeWatchStream
{
    public static async Task ServeAsync(HttpContext ctx, FakeKubeApiServer server, FakeResourceType type, string? ns, CancellationToken shutdown,
        FakeResourceType? served = null)
    {
        var q = ctx.Request.Query;
        var start = FakeKubeListOptions.Watch(q);
        var bookmarks = q["allowWatchBookmarks"] == "true";
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"]);
        var table = FakeKubeTable.WantsTable(ctx);
        var metadataOnly = !table && FakeKubePartialMetadata.Wanted(ctx);

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        FakeKubeWatcher watcher;
        try
        {
            watcher = server.Store.Watch(type, ns, labels, fields, start, bookmarks);
        }
        catch (FakeKubeStatus gone) when (gone.Code == 410)
        {
            await WriteLineAsync(ctx, new JsonObject { ["type"] = "ERROR", ["object"] = gone.ToJson() }, ctx.RequestAborted);
            return;
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, shutdown);
        if (int.TryParse(q["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var timeout) && timeout > 0)
        {
            cts.CancelAfter(TimeSpan.FromSeconds(timeout));
        }
        var bookmarkLoop = bookmarks && server.BookmarkInterval is { } interval
            ? PeriodicBookmarksAsync(server, watcher, interval, cts.Token)
            : Task.CompletedTask;
        try
        {
            await ctx.Response.StartAsync(cts.Token);
            await ctx.Response.Body.FlushAsync(cts.Token);
            FakeKubeHandler.LogRequest(server, ctx);
            await foreach (var ev in watcher.Events.Reader.ReadAllAsync(cts.Token))
            {
                Shape(ev, type, served, table, metadataOnly);
                await WriteLineAsync(ctx, ev, cts.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed, the client hung up, or the server is stopping: the stream just ends
        }
        finally
        {
            server.Store.Unwatch(watcher);
            try { await bookmarkLoop; } catch (OperationCanceledException) { }
        }
    }

    /// <summary>An event's object as the client asked for it: in the served version, as a Table, or as partial metadata.</summary>
    private static void Shape(JsonObject ev, FakeResourceType type, FakeResourceType? served, bool table, bool metadataOnly)
    {
        if (served is not null && !ReferenceEquals(served, type)) FakeKubeHandler.AsServed(ev["object"], served);
        var change = ev["type"]?.GetValue<string>() is "ADDED" or "MODIFIED" or "DELETED";
        if (table && change)
        {
            var obj = (JsonObject)ev["object"]!;
            ev["object"] = FakeKubeTable.FromObjects(type, [obj], obj["metadata"]!["resourceVersion"]!.GetValue<string>());
        }
        else if (metadataOnly && change)
        {
            ev["object"] = FakeKubePartialMetadata.FromObject((JsonObject)ev["object"]!);
        }
    }

    private static async Task PeriodicBookmarksAsync(FakeKubeApiServer server, FakeKubeWatcher watcher, TimeSpan interval, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, ct);
            server.Store.SendBookmark(watcher);
        }
    }

    private static async Task WriteLineAsync(HttpContext ctx, JsonObject ev, CancellationToken ct)
    {
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(ev.ToJsonString(FakeKubeHandler.Wire) + "\n"), ct);
        await ctx.Response.Body.FlushAsync(ct);
    }
}
