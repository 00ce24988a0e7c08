using System.Globalization;
using SecretsKit.Core.KeyService;

namespace SecretsKit.Cloud.KeyService;

/// <summary>Reads <c>grpc-status</c>/<c>grpc-message</c> from a response's trailers (or its headers, for a trailers-only answer).</summary>
internal static class GrpcStatus
{
    public static (GrpcStatusCode Status, string Message) Read(HttpResponseMessage response)
    {
        var status = Header(response, "grpc-status");
        if (status is null) return (GrpcStatusCode.Internal, "the answer carries no grpc-status: not a gRPC key service");
        var code = int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (GrpcStatusCode)n : GrpcStatusCode.Unknown;
        var message = Header(response, "grpc-message") is { } m ? Uri.UnescapeDataString(m) : "";
        return (code, message.Length > 0 ? Sanitize(message) : Name(code));
    }

    public static string Name(GrpcStatusCode code) =>
        Enum.IsDefined(code) ? code.ToString() : ((int)code).ToString(CultureInfo.InvariantCulture);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var t) ? t.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var h) ? h.FirstOrDefault() : null;

    /// <summary>One line, bounded: the server's message is shown to the user as is otherwise.</summary>
    private static string Sanitize(string message)
    {
        var line = string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 500 ? line[..500] + "…" : line;
    }
}
