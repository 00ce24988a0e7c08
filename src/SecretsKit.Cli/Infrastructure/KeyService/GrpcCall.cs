using System.Globalization;
using SecretsKit.Cli.Infrastructure.KeyService.Http2;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cli.Infrastructure.KeyService;

/// <summary>
/// One unary gRPC call: checks it is gRPC (POST, <c>application/grpc</c>), takes the one framed message (within gRPC's
/// size limit), and answers the framed response with <c>grpc-status</c> (and <c>grpc-message</c>, percent-encoded) in
/// the trailers; a failed call is answered "trailers-only".
/// </summary>
internal static class GrpcCall
{
    private static readonly (string, string)[] GrpcContentType = [("content-type", "application/grpc")];

    /// <summary>The answer to a request body over gRPC's message limit (the connection stops reading it).</summary>
    public static Http2Response TooLarge { get; } = Failure(GrpcStatusCode.ResourceExhausted, $"a gRPC message is larger than {GrpcFrame.MaxMessageBytes} bytes");

    public static async Task<Http2Response> HandleAsync(Http2Request request, KeyServiceDispatcher dispatcher, Action<string> log, CancellationToken cancellationToken)
    {
        var type = request.Header("content-type");
        if (request.Method != "POST" || type is null
            || !(type == "application/grpc" || type.StartsWith("application/grpc+", StringComparison.Ordinal) || type.StartsWith("application/grpc;", StringComparison.Ordinal)))
        {
            return new Http2Response(415, [], null, []);
        }
        try
        {
            var result = await dispatcher.HandleAsync(request.Path, GrpcFrame.Unwrap(request.Body).ToArray(), cancellationToken);
            return new Http2Response(200, GrpcContentType, GrpcFrame.Wrap(result), [Status(GrpcStatusCode.Ok)]);
        }
        catch (KeyServiceException e)
        {
            log($"request failed: {e.Status}: {e.Message}");
            return Failure(e.Status, e.Message);
        }
    }

    private static Http2Response Failure(GrpcStatusCode status, string message) =>
        new(200, GrpcContentType, null, [Status(status), ("grpc-message", Uri.EscapeDataString(message))]);

    private static (string, string) Status(GrpcStatusCode status) =>
        ("grpc-status", ((int)status).ToString(CultureInfo.InvariantCulture));
}
