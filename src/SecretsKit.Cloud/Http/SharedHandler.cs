namespace SecretsKit.Cloud.Http;

/// <summary>
/// Lets a handler that outlives the caller (a pooled transport, a test's handler) sit under a handler chain that may be
/// disposed: requests pass through, disposal stops here.
/// </summary>
internal sealed class SharedHandler(HttpMessageHandler shared) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _invoker = new(shared, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.Send(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing) _invoker.Dispose();
        base.Dispose(disposing);
    }
}
