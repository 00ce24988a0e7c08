using System.Net;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// Holds every response body under it to a budget (<see cref="BoundedContent"/>): one whose <c>Content-Length</c> is
/// over it is refused before any of it is read, any other stops being read at it. A <c>101 Switching Protocols</c>
/// answer passes untouched: its stream is a WebSocket's, whose frames the reader bounds.
/// </summary>
internal sealed class BoundedResponseHandler(long limit, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Bound(request, await base.SendAsync(request, cancellationToken).ConfigureAwait(false));

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Bound(request, base.Send(request, cancellationToken));

    private HttpResponseMessage Bound(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.SwitchingProtocols) return response;
        var host = request.RequestUri?.Authority ?? "the server";
        if (response.Content.Headers.ContentLength > limit)
        {
            response.Dispose();
            throw new ResponseTooLargeException(host, limit);
        }
        response.Content = new BoundedContent(response.Content, limit, host);
        return response;
    }
}
