using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure.Core.Pipeline;
using Azure.Identity;
using SecretsKit.Cloud.Azure.Events;
using SecretsKit.Testing.Azure.ServiceBus;
using SecretsKit.Testing.Time;

namespace SecretsKit.Cloud.Tests.Azure.Events;

public sealed class ServiceBusQueueReceiverTests : IAsyncLifetime
{
    private const string Queue = "kv-events";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LockDuration = TimeSpan.FromSeconds(30);

    // The fake's locks run out only when a test moves this clock, never because the host was slow: a real 300 ms lock
    // ran out under load between a receive and its complete (CI, 2026-11-28).
    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeServiceBusServer _bus = null!;
    private HttpMessageHandler _handler = null!;

    public async Task InitializeAsync()
    {
        _bus = await FakeServiceBusServer.StartAsync(_clock);
        _bus.AddClient("app-1", "s3cret");
        _bus.CreateQueue(Queue, lockDuration: LockDuration);
        _handler = _bus.CreateClientHandler();
    }

    public async Task DisposeAsync()
    {
        _handler.Dispose();
        await _bus.DisposeAsync();
    }

    private ServiceBusQueueReceiver Receiver(string queue = Queue, int maxMessageBytes = ServiceBusQueueReceiver.DefaultMaxMessageBytes)
    {
        var credential = new ClientSecretCredential(_bus.TenantId, "app-1", "s3cret", new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(_bus.AuthorityHost),
            DisableInstanceDiscovery = true,
            Transport = new HttpClientTransport(new HttpClient(_handler, disposeHandler: false)),
        });
        return new ServiceBusQueueReceiver(ServiceBusQueueAddress.Parse($"servicebus://{FakeServiceBusServer.NamespaceName}/{queue}"), credential, _handler,
            maxMessageBytes: maxMessageBytes);
    }

    [Fact]
    public async Task Receive_locks_the_message_with_an_entra_token_for_service_bus_and_complete_deletes_it()
    {
        using var receiver = Receiver();
        var id = _bus.Send(Queue, """{"eventType":"Microsoft.KeyVault.SecretNewVersionCreated"}""");

        var message = await receiver.ReceiveAsync(Wait, CancellationToken.None);
        await receiver.CompleteAsync(message!, CancellationToken.None);

        Assert.Equal(id, message!.MessageId);
        Assert.Equal(1, message.DeliveryCount);
        Assert.Equal("""{"eventType":"Microsoft.KeyVault.SecretNewVersionCreated"}""", Encoding.UTF8.GetString(message.Body.Span));
        Assert.Equal(0, _bus.ActiveCount(Queue));
        Assert.Equal(1, _bus.CompletedCount(Queue));
        Assert.Equal(["https://servicebus.azure.net/.default"], _bus.RequestedScopes);
        var receive = _bus.Requests.Single(r => r.Operation == "receive");
        Assert.Equal("/kv-events/messages/head?timeout=10", receive.PathAndQuery);
        Assert.StartsWith("Bearer ", receive.Headers["Authorization"], StringComparison.Ordinal);
        Assert.Equal($"/kv-events/messages/{id}/{message.LockToken:D}", _bus.Requests.Single(r => r.Operation == "complete").PathAndQuery);
    }

    [Fact]
    public async Task An_empty_queue_answers_no_message_after_the_long_poll()
    {
        using var receiver = Receiver();

        Assert.Null(await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal(1, _bus.CallCount("receive"));
    }

    [Fact]
    public async Task A_lock_that_expires_redelivers_the_message_with_delivery_count_two_and_the_old_lock_is_refused()
    {
        using var receiver = Receiver();
        _bus.Send(Queue, "{}");
        var first = await receiver.ReceiveAsync(Wait, CancellationToken.None);
        var whileLocked = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        _clock.Advance(LockDuration);
        var second = await receiver.ReceiveAsync(Wait, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ServiceBusRequestException>(() => receiver.CompleteAsync(first!, CancellationToken.None));
        await receiver.CompleteAsync(second!, CancellationToken.None);

        Assert.Null(whileLocked);
        Assert.Equal(first!.MessageId, second!.MessageId);
        Assert.Equal(2, second.DeliveryCount);
        Assert.NotEqual(first.LockToken, second.LockToken);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal(0, _bus.ActiveCount(Queue));
    }

    [Fact]
    public async Task Unlock_gives_the_message_back_at_once()
    {
        using var receiver = Receiver();
        _bus.Send(Queue, "{}");
        var first = await receiver.ReceiveAsync(Wait, CancellationToken.None);

        await receiver.UnlockAsync(first!, CancellationToken.None);
        var again = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Equal(2, again!.DeliveryCount);
    }

    [Fact]
    public async Task A_body_over_the_budget_is_not_read_but_the_message_can_still_be_completed()
    {
        using var receiver = Receiver(maxMessageBytes: 2048);
        _bus.Send(Queue, new string('x', 10_000));

        var message = await receiver.ReceiveAsync(Wait, CancellationToken.None);
        await receiver.CompleteAsync(message!, CancellationToken.None);

        Assert.True(message!.Oversized);
        Assert.True(message.Body.IsEmpty);
        Assert.Equal(0, _bus.ActiveCount(Queue));
    }

    [Fact]
    public async Task An_unknown_queue_fails_with_410_naming_the_queue()
    {
        using var receiver = Receiver("missing");

        var ex = await Assert.ThrowsAsync<ServiceBusRequestException>(() => receiver.ReceiveAsync(Wait, CancellationToken.None));

        Assert.Equal(410, ex.StatusCode);
        Assert.Contains("servicebus://sk-events.servicebus.windows.net/missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_refuses_a_token_for_another_audience_with_401()
    {
        using var http = new HttpClient(_bus.CreateClientHandler());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"https://{FakeServiceBusServer.NamespaceHost}/{Queue}/messages/head?timeout=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bus.IssueToken("https://vault.azure.net"));

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("InvalidAudience", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fake_dead_letters_a_message_past_its_max_delivery_count()
    {
        _bus.CreateQueue("poison", lockDuration: LockDuration, maxDeliveryCount: 2);
        using var receiver = Receiver("poison");
        _bus.Send("poison", "{}");

        for (var i = 0; i < 2; i++) await receiver.UnlockAsync((await receiver.ReceiveAsync(Wait, CancellationToken.None))!, CancellationToken.None);
        var third = await receiver.ReceiveAsync(TimeSpan.FromSeconds(1), CancellationToken.None);

        Assert.Null(third);
        Assert.Equal(1, _bus.DeadLetterCount("poison"));
    }
}
