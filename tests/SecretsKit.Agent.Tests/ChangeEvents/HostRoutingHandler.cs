namespace SecretsKit.Agent.Tests.ChangeEvents;

/// <summary>
/// One client transport over two wire fakes, as one network reaches both services: requests to a
/// <c>*.servicebus.windows.net</c> host go to the Service Bus fake's handler, every other one to the Key Vault fake's.
/// </summary>
internal sealed class HostRoutingHandler(HttpMessageHandler serviceBus, HttpMessageHandler other) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _serviceBus = new(serviceBus, disposeHandler: true);
    private readonly HttpMessageInvoker _other = new(other, disposeHandler: true);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        (request.RequestUri!.Host.EndsWith(".servicebus.windows.net", StringComparison.OrdinalIgnoreCase) ? _serviceBus : _other)
            .SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _serviceBus.Dispose();
            _other.Dispose();
        }
        base.Dispose(disposing);
    }
}
