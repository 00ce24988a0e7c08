using SecretsKit.Cloud.Vault.Events;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Agent.ChangeEvents.VaultEvents;

/// <summary>
/// One open Vault event stream. The first receive returns at once (the stream is up once connected); each later one
/// waits for the next frame. A KV event names its secret under every spelling <c>remoteRef.key</c> may use for it
/// (see <see cref="KeysOf"/>); an event for another mount or KV version refreshes nothing. A WebSocket has nothing to
/// acknowledge, and a closed or broken stream ends the connection (the loop connects again).
/// </summary>
internal sealed class VaultEventSource(VaultClient client, VaultEventSubscriber subscriber, VaultEventConnection connection, string mount, int kvVersion)
    : IChangeEventSource
{
    private bool _reportedUp;
    private long _sequence;

    public async Task<IReadOnlyList<ChangeMessage>> ReceiveAsync(CancellationToken ct)
    {
        if (!_reportedUp)
        {
            _reportedUp = true;
            return [];
        }
        var frame = await connection.ReceiveAsync(ct)
            ?? throw new IOException($"vault: the server closed the event stream ({connection.CloseDescription})");
        var handle = (++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (frame.Event is not { } ev) return [ChangeMessage.Ignored(handle, frame.DroppedReason)];
        return ev.KeyIn(mount, kvVersion) is { } key ? [new ChangeMessage(handle, KeysOf(mount, kvVersion, key))] : [ChangeMessage.Ignored(handle, null)];
    }

    /// <summary>Nothing to acknowledge on a WebSocket.</summary>
    public Task AcknowledgeAsync(IReadOnlyList<ChangeMessage> messages, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// The <c>remoteRef.key</c> spellings a Vault store reads <paramref name="key"/> under (as its KV client normalises
    /// them): <c>app/db</c>, <c>/app/db</c>, <c>secret/app/db</c>, <c>/secret/app/db</c>, and on KV v2 also
    /// <c>secret/data/app/db</c> and <c>/secret/data/app/db</c>.
    /// </summary>
    public static IReadOnlyList<string> KeysOf(string mount, int kvVersion, string key)
    {
        List<string> keys = [key, $"{mount}/{key}"];
        if (kvVersion == 2) keys.Add($"{mount}/data/{key}");
        return [.. keys, .. keys.Select(k => "/" + k)];
    }

    public void Dispose()
    {
        connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        subscriber.Dispose();
        client.Dispose();
    }
}
