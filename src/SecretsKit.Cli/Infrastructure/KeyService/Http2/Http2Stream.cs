namespace SecretsKit.Cli.Infrastructure.KeyService.Http2;

/// <summary>One request stream: its headers, the body received so far, the peer's window for our DATA, its cancellation.</summary>
internal sealed class Http2Stream(int id, List<(string Name, string Value)> headers, int sendWindow) : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();

    public int Id { get; } = id;

    public List<(string Name, string Value)> Headers { get; } = headers;

    public MemoryStream Body { get; } = new();

    /// <summary>How many DATA bytes the peer still accepts on this stream (may go negative after a SETTINGS change).</summary>
    public int SendWindow { get; set; } = sendWindow;

    /// <summary>The client's half is closed (END_STREAM seen): further DATA or HEADERS are a stream error.</summary>
    public bool RemoteEnded { get; set; }

    public CancellationToken Token => _cancel.Token;

    public void Cancel()
    {
        try
        {
            _cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // its call has already ended
        }
    }

    public void Dispose()
    {
        _cancel.Dispose();
        Body.Dispose();
    }

    public Http2Request ToRequest()
    {
        string? method = null, path = null;
        var fields = new List<(string, string)>();
        foreach (var (name, value) in Headers)
        {
            if (name == ":method") method = value;
            else if (name == ":path") path = value;
            else if (!name.StartsWith(':')) fields.Add((name, value));
        }
        return new Http2Request(method ?? "", path ?? "", fields, Body.ToArray());
    }
}
