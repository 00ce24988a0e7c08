using SecretsKit.Kubernetes.Auth;
using SecretsKit.Kubernetes.Config;
using SecretsKit.Kubernetes.Errors;
using SecretsKit.Testing.Kubernetes;

namespace SecretsKit.Kubernetes.Tests;

/// <summary>Fake-server knobs the agent's tests will lean on: history window, periodic bookmarks, latency, custom types.</summary>
public sealed class FakeServerBehaviourTests
{
    [Fact]
    public async Task Watch_older_than_the_history_window_gets_gone_while_recent_versions_still_watch()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.WatchHistoryLimit = 2;
        var old = (await c.Client.ListAsync(ResourceTypes.Secret, "default")).ResourceVersion;
        for (var i = 0; i < 4; i++) await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret($"s{i}"));

        await Assert.ThrowsAsync<KubernetesGoneException>(async () =>
        {
            await foreach (var _ in c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { ResourceVersion = old, TimeoutSeconds = 1 }))
            {
            }
        });

        var recent = (c.Server.ResourceVersion - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var names = new List<string>();
        await foreach (var e in c.Client.WatchAsync(ResourceTypes.Secret, "default", new WatchOptions { ResourceVersion = recent, TimeoutSeconds = 1, AllowBookmarks = false }))
        {
            names.Add(e.Object!.GetName()!);
        }
        Assert.Equal(["s3"], names);
    }

    [Fact]
    public async Task Periodic_bookmarks_arrive_without_changes_when_an_interval_is_set()
    {
        await using var c = await FakeCluster.StartAsync();
        c.Server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        var rv = (await c.Client.ListAsync(ResourceTypes.Lease, "default")).ResourceVersion;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var e in c.Client.WatchAsync(ResourceTypes.Lease, "default", new WatchOptions { ResourceVersion = rv }, cts.Token))
        {
            Assert.Equal(WatchEventType.Bookmark, e.Type);
            Assert.Equal(rv, e.ResourceVersion);
            break;
        }
    }

    [Fact]
    public async Task Slow_server_beyond_the_request_timeout_throws_timeout()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        server.Latency = TimeSpan.FromSeconds(5);
        using var client = new KubernetesClient(new KubernetesClientConfiguration
        {
            Server = server.BaseAddress,
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        });
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.ListAsync(ResourceTypes.Secret, "default"));
        Assert.Contains("list secrets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_registered_custom_resource_is_discoverable_and_servable()
    {
        await using var c = await FakeCluster.StartAsync();
        var widget = new FakeResourceType("example.com", "v1beta1", "widgets", "Widget", Namespaced: false, HasStatus: true);
        c.Server.RegisterType(widget);
        var type = new ResourceType("example.com", "v1beta1", "widgets", "Widget", Namespaced: false);
        await c.Client.CreateAsync(type, KubeObjectMetadata.New(type, "w1"));
        Assert.Equal("Widget", (await c.Client.GetAsync(type, null, "w1")).GetKind());

        using var http = new HttpClient { BaseAddress = c.Server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", FakeCluster.Token);
        var discovery = await http.GetStringAsync("/apis/example.com/v1beta1");
        Assert.Contains("\"widgets/status\"", discovery, StringComparison.Ordinal);
        Assert.Contains("example.com", await http.GetStringAsync("/apis"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unauthenticated_requests_get_401_once_a_token_is_registered()
    {
        await using var server = await FakeKubeApiServer.StartAsync();
        using var open = new KubernetesClient(new KubernetesClientConfiguration { Server = server.BaseAddress });
        Assert.NotEmpty((await open.ListAsync(ResourceTypes.Namespace, null)).Items);
        server.AcceptToken("now-required");
        var e = await Assert.ThrowsAsync<KubernetesApiException>(() => open.ListAsync(ResourceTypes.Namespace, null));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, e.StatusCode);
        using var authed = new KubernetesClient(new KubernetesClientConfiguration
        {
            Server = server.BaseAddress,
            Credentials = new StaticTokenCredentialSource("now-required"),
        });
        Assert.NotEmpty((await authed.ListAsync(ResourceTypes.Namespace, null)).Items);
    }

    [Fact]
    public async Task Deleting_a_namespace_deletes_what_is_in_it_and_nothing_else()
    {
        await using var c = await FakeCluster.StartAsync();
        await c.Client.CreateAsync(ResourceTypes.Namespace, KubeObjectMetadata.New(ResourceTypes.Namespace, "team-a"));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("s", ns: "team-a"));
        await c.Client.CreateAsync(ResourceTypes.ExternalSecret, FakeCluster.ExternalSecret("es", ns: "team-a"));
        await c.Client.CreateAsync(ResourceTypes.Secret, FakeCluster.Secret("s", ns: "default"));

        await c.Client.DeleteAsync(ResourceTypes.Namespace, null, "team-a");
        Assert.Null(await c.Client.TryGetAsync(ResourceTypes.Namespace, null, "team-a"));
        Assert.Empty((await c.Client.ListAsync(ResourceTypes.Secret, "team-a")).Items);
        Assert.Empty((await c.Client.ListAsync(ResourceTypes.ExternalSecret, "team-a")).Items);
        Assert.NotNull(await c.Client.TryGetAsync(ResourceTypes.Secret, "default", "s"));
    }
}
