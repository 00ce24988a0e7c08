using System.Net;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Events;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Testing.Tls;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Vault.Events;

public sealed class VaultEventStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task Until(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!condition())
        {
            try
            {
                await Task.Delay(10, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("timed out waiting until " + what);
            }
        }
    }

    private static async Task<VaultKvEvent> NextEventAsync(VaultEventConnection connection)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var frame = await connection.ReceiveAsync(timeout.Token);
        Assert.NotNull(frame);
        Assert.Null(frame.DroppedReason);
        return frame.Event!;
    }

    [Fact]
    public async Task Subscribe_opens_the_websocket_at_the_exact_path_with_the_token_and_receives_a_kv2_write()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));
        using var subscriber = new VaultEventSubscriber(client, "kv-v2/data-*");
        await using var connection = await subscriber.ConnectAsync(CancellationToken.None);
        await Until(() => vault.EventSubscriberCount == 1, "the fake holds the subscription");

        vault.Kv2Put("secret", "app/db", new Dictionary<string, string> { ["password"] = "s3cret" });
        var ev = await NextEventAsync(connection);

        Assert.Equal("kv-v2/data-write", ev.EventType);
        Assert.Equal("app/db", ev.KeyIn("secret", 2));
        Assert.Equal("1", ev.Version);
        var request = vault.Requests.Single(r => r.Operation == "events-subscribe");
        Assert.Equal("/v1/sys/events/subscribe/kv-v2/data-*?json=true", request.PathAndQuery);
        Assert.Equal(vault.RootToken, request.Headers["X-Vault-Token"]);
        Assert.Equal(["kv-v2/data-*"], vault.EventSubscriptionPatterns);
    }

    [Fact]
    public async Task An_http_write_on_another_mount_arrives_but_maps_to_no_key_of_the_store()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EnableKv("other", 2);
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));
        using var subscriber = new VaultEventSubscriber(client);
        await using var connection = await subscriber.ConnectAsync(CancellationToken.None);
        await Until(() => vault.EventSubscriberCount == 1, "the fake holds the subscription");
        using var http = new HttpClient();
        using var write = new HttpRequestMessage(HttpMethod.Post, new Uri(vault.BaseAddress, "v1/other/data/app/db"))
        {
            Content = new StringContent("""{"data":{"k":"v"}}"""),
        };
        write.Headers.Add("X-Vault-Token", vault.RootToken);

        (await http.SendAsync(write)).EnsureSuccessStatusCode().Dispose();
        var ev = await NextEventAsync(connection);

        Assert.Equal("other/data/app/db", ev.Path);
        Assert.Null(ev.KeyIn("secret", 2));
        Assert.Equal("app/db", ev.KeyIn("other", 2));
    }

    [Fact]
    public async Task A_namespace_is_sent_as_X_Vault_Namespace()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.RequiredNamespace = "team-a";
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken), ns: "team-a");
        using var subscriber = new VaultEventSubscriber(client);

        await using var connection = await subscriber.ConnectAsync(CancellationToken.None);

        Assert.Equal("team-a", vault.Requests.Single(r => r.Operation == "events-subscribe").Headers["X-Vault-Namespace"]);
    }

    [Fact]
    public async Task A_server_without_events_refuses_with_404_as_events_unavailable()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.EventsEnabled = false;
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));
        using var subscriber = new VaultEventSubscriber(client);

        var ex = await Assert.ThrowsAsync<VaultEventsUnavailableException>(() => subscriber.ConnectAsync(CancellationToken.None));

        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("offers no event notifications", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_denied_token_fails_with_403_and_never_shows_the_token()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth("hvs.not-a-real-token"));
        using var subscriber = new VaultEventSubscriber(client);

        var ex = await Assert.ThrowsAsync<VaultRequestException>(() => subscriber.ConnectAsync(CancellationToken.None));

        Assert.Equal(403, ex.StatusCode);
        Assert.DoesNotContain("not-a-real-token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approle_token_denied_mid_life_is_replaced_by_a_new_login_before_subscribing()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        vault.AddAppRole("role-1", "secret-1");
        using var client = VaultTestEnvironment.Client(vault, new VaultAppRoleAuth("role-1", "secret-1"));
        using var subscriber = new VaultEventSubscriber(client);
        await (await subscriber.ConnectAsync(CancellationToken.None)).DisposeAsync();
        vault.RevokeAllLoginTokens();

        await using var connection = await subscriber.ConnectAsync(CancellationToken.None);

        Assert.Equal(2, vault.CallCount("login:approle"));
    }

    [Fact]
    public async Task The_fake_answers_a_plain_get_of_the_subscribe_path_with_426_as_vault_does()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(vault.BaseAddress, "v1/sys/events/subscribe/kv*?json=true"));
        request.Headers.Add("X-Vault-Token", vault.RootToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
        Assert.Equal(0, vault.EventSubscriberCount);
    }

    [Fact]
    public async Task Subscribing_over_tls_trusts_the_stores_ca_bundle()
    {
        using var authority = TestCertificateAuthority.Create();
        await using var vault = await FakeVaultServer.StartAsync(tlsCertificate: authority.IssueServerCertificate());
        using var client = new VaultClient(new VaultClientOptions
        {
            Address = vault.BaseAddress,
            Auth = new VaultTokenAuth(vault.RootToken),
            CaCertificatesPem = authority.Certificate.ExportCertificatePem(),
        });
        using var subscriber = new VaultEventSubscriber(client);
        await using var connection = await subscriber.ConnectAsync(CancellationToken.None);
        await Until(() => vault.EventSubscriberCount == 1, "the fake holds the subscription");

        vault.Kv2Put("secret", "tls/app", new Dictionary<string, string> { ["k"] = "v" });

        Assert.Equal("tls/app", (await NextEventAsync(connection)).KeyIn("secret", 2));
        Assert.StartsWith("wss://", subscriber.Endpoint.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hostile_frames_are_dropped_with_a_reason_and_the_stream_goes_on()
    {
        await using var vault = await FakeVaultServer.StartAsync();
        using var client = VaultTestEnvironment.Client(vault, new VaultTokenAuth(vault.RootToken));
        using var subscriber = new VaultEventSubscriber(client, maxMessageBytes: 4096);
        await using var connection = await subscriber.ConnectAsync(CancellationToken.None);
        await Until(() => vault.EventSubscriberCount == 1, "the fake holds the subscription");

        vault.PublishRawEvent(new string('x', 100_000));
        vault.PublishRawBinaryEvent([1, 2, 3]);
        vault.PublishRawEvent("{not json");
        vault.PublishRawEvent(string.Concat(Enumerable.Repeat("[", 500)));
        vault.PublishRawEvent("""{"data":{"event_type":"kv-v2/data-write","event":{"metadata":{"path":"secret/data/../../../sys/raw/core"}}}}""");
        vault.Kv2Put("secret", "after", new Dictionary<string, string> { ["k"] = "v" });

        using var timeout = new CancellationTokenSource(Patience);
        var reasons = new List<string>();
        VaultEventFrame? frame;
        while ((frame = await connection.ReceiveAsync(timeout.Token))!.Event is null) reasons.Add(frame.DroppedReason!);

        Assert.Equal("after", frame.Event.KeyIn("secret", 2));
        Assert.Collection(reasons,
            r => Assert.Contains("larger than 4096 bytes", r, StringComparison.Ordinal),
            r => Assert.Contains("binary frame", r, StringComparison.Ordinal),
            r => Assert.Contains("not valid JSON", r, StringComparison.Ordinal),
            r => Assert.Contains("nested too deeply", r, StringComparison.Ordinal),
            r => Assert.Contains("unusable path", r, StringComparison.Ordinal));
    }
}
