using SecretsKit.Cloud.Azure.Events;
using SecretsKit.Core.Errors;

namespace SecretsKit.Cloud.Tests.Azure.Events;

public sealed class ServiceBusQueueAddressTests
{
    [Theory]
    [InlineData("servicebus://sk-events/kv-events", "sk-events.servicebus.windows.net", "kv-events")]
    [InlineData("servicebus://SK-Events.servicebus.windows.net/kv.events_1", "sk-events.servicebus.windows.net", "kv.events_1")]
    public void A_short_or_full_namespace_names_the_servicebus_windows_net_host(string text, string host, string queue)
    {
        var address = ServiceBusQueueAddress.Parse(text);

        Assert.Equal(host, address.Host);
        Assert.Equal(queue, address.Queue);
        Assert.Equal($"https://{host}/", address.Endpoint.ToString());
    }

    [Theory]
    [InlineData("https://sk-events.servicebus.windows.net/q")]
    [InlineData("servicebus://evil.example.com/q")]
    [InlineData("servicebus://sk-events.servicebus.windows.net.evil.com/q")]
    [InlineData("servicebus://sk-events.servicebus.windows.net:8443/q")]
    [InlineData("servicebus://user@sk-events/q")]
    [InlineData("servicebus://127.0.0.1/q")]
    [InlineData("servicebus://abc/q")]
    [InlineData("servicebus://sk-events")]
    [InlineData("servicebus://sk-events/")]
    [InlineData("servicebus://sk-events/q/../other")]
    [InlineData("servicebus://sk-events/topic/subscriptions/s")]
    [InlineData("servicebus://sk-events/q?timeout=1")]
    [InlineData("servicebus://sk-events/q#x")]
    [InlineData("servicebus://sk-events/..")]
    [InlineData("servicebus://sk-events/%2e%2e")]
    public void Anything_but_a_namespace_and_a_plain_queue_name_is_refused(string text)
    {
        var ex = Assert.Throws<SecretsKitException>(() => ServiceBusQueueAddress.Parse(text));

        Assert.StartsWith("invalid Service Bus queue", ex.Message, StringComparison.Ordinal);
    }
}
