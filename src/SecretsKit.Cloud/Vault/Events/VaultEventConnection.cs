using System.Net.WebSockets;

namespace SecretsKit.Cloud.Vault.Events;

/// <summary>
/// An open event stream. Reads one text frame at a time within a size budget: a larger frame, a binary frame or a
/// frame that is not a KV event is skipped and reported as dropped; the stream goes on.
/// </summary>
public sealed class VaultEventConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer;

    internal VaultEventConnection(ClientWebSocket socket, int maxMessageBytes)
    {
        _socket = socket;
        _buffer = new byte[maxMessageBytes];
    }

    /// <summary>Why the server closed the stream (status and text), once <see cref="ReceiveAsync"/> returned null.</summary>
    public string? CloseDescription { get; private set; }

    /// <summary>The next frame; null when the server closed the stream. A broken connection throws <see cref="WebSocketException"/>.</summary>
    public async Task<VaultEventFrame?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        var overflow = false;
        while (true)
        {
            var target = overflow || count == _buffer.Length ? new Memory<byte>(_buffer, 0, Math.Min(4096, _buffer.Length)) : _buffer.AsMemory(count);
            var result = await _socket.ReceiveAsync(target, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                CloseDescription = $"{(int?)_socket.CloseStatus} {_socket.CloseStatusDescription}".Trim();
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                }
                return null;
            }
            if (!overflow && count == _buffer.Length && result.Count > 0) overflow = true;
            if (!overflow) count += result.Count;
            if (!result.EndOfMessage) continue;
            if (overflow) return new VaultEventFrame(null, $"a frame larger than {_buffer.Length} bytes");
            if (result.MessageType != WebSocketMessageType.Text) return new VaultEventFrame(null, "a binary frame (JSON was asked for)");
            var parsed = VaultKvEvent.Parse(_buffer.AsSpan(0, count), out var reason);
            return new VaultEventFrame(parsed, parsed is null ? reason : null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The peer is gone; nothing more to say to it.
            }
        }
        _socket.Dispose();
    }
}
