using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cli.Infrastructure.KeyService;

/// <summary>
/// One unary gRPC call on Kestrel: checks it is gRPC (HTTP/2 POST, <c>application/grpc</c>), reads the one framed
/// message within gRPC's size limit, and answers the framed response with <c>grpc-status</c> (and <c>grpc-message</c>,
/// percent-encoded) in the trailers.
/// </summary>
internal static class KeyServiceRequestHandler
{
    public static async Task HandleAsync(HttpContext http, KeyServiceDispatcher dispatcher, Action<string> log)
    {
        var request = http.Request;
        var response = http.Response;
        if (!HttpMethods.IsPost(request.Method) || request.ContentType is not { } type
            || !(type == "application/grpc" || type.StartsWith("application/grpc+", StringComparison.Ordinal) || type.StartsWith("application/grpc;", StringComparison.Ordinal)))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        response.ContentType = "application/grpc";
        try
        {
            var body = await ReadBodyAsync(request, http.RequestAborted);
            var result = await dispatcher.HandleAsync(request.Path.Value ?? "", GrpcFrame.Unwrap(body).ToArray(), http.RequestAborted);
            await response.Body.WriteAsync(GrpcFrame.Wrap(result), http.RequestAborted);
            Trailers(response, GrpcStatusCode.Ok, null);
        }
        catch (KeyServiceException e)
        {
            log($"request failed: {e.Status}: {e.Message}");
            Trailers(response, e.Status, e.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
    }

    private static void Trailers(HttpResponse response, GrpcStatusCode status, string? message)
    {
        if (response.SupportsTrailers())
        {
            response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (message is not null) response.AppendTrailer("grpc-message", Uri.EscapeDataString(message));
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > GrpcFrame.MaxMessageBytes + 5)
            {
                throw new KeyServiceException(GrpcStatusCode.ResourceExhausted, $"a gRPC message is larger than {GrpcFrame.MaxMessageBytes} bytes");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
