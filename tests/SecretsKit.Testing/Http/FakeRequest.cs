namespace SecretsKit.Testing.Http;

/// <summary>One request a fake server received: method, path with query, operation name, headers and body text, and when (UTC).</summary>
public sealed record FakeRequest(string Method, string PathAndQuery, string Operation, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public DateTime ReceivedAt { get; init; } = DateTime.UtcNow;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
}
