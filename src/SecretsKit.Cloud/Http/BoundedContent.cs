using System.Net;
using SecretsKit.Core.Platform;

namespace SecretsKit.Cloud.Http;

/// <summary>
/// A response body that may be read up to a budget and no further (<see cref="BoundedStream"/> over the connection):
/// passing it throws <see cref="ResponseTooLargeException"/>, so however the body is consumed (buffered by
/// <see cref="HttpClient"/>, by an SDK, streamed) no more than the budget is ever held.
/// </summary>
internal sealed class BoundedContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly long _limit;
    private readonly string _host;

    public BoundedContent(HttpContent inner, long limit, string host)
    {
        _inner = inner;
        _limit = limit;
        _host = host;
        foreach (var (name, values) in inner.Headers) Headers.TryAddWithoutValidation(name, values);
    }

    protected override Stream CreateContentReadStream(CancellationToken cancellationToken) =>
        Bounded(_inner.ReadAsStream(cancellationToken));

    protected override async Task<Stream> CreateContentReadStreamAsync() => await CreateContentReadStreamAsync(CancellationToken.None).ConfigureAwait(false);

    protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
        Bounded(await _inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await using var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
        await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var source = CreateContentReadStream(cancellationToken);
        source.CopyTo(stream);
    }

    private BoundedStream Bounded(Stream connection) => new(connection, _limit, () => new ResponseTooLargeException(_host, _limit));

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
