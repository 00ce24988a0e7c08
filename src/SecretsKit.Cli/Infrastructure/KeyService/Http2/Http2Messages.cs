namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>A complete request as the connection hands it to its handler: pseudo-headers, other fields, the body.</summary>
internal sealed record Http2Request(string Method, string Path, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name == name).Value;
}

/// <summary>A response: status and headers, an optional body, and trailers (a gRPC status travels in them).</summary>
internal sealed record Http2Response(int Status, IReadOnlyList<(string Name, string Value)> Headers, byte[]? Body, IReadOnlyList<(string Name, string Value)> Trailers);
