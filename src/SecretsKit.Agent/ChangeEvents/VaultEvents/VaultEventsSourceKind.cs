using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Events;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Cloud.Vault.Keys;
using SecretsKit.Cloud.Vault.Stores;

namespace SecretsKit.Agent.ChangeEvents.VaultEvents;

/// <summary>
/// <c>vault-events</c> on a <c>vault</c> store: Vault Enterprise's event stream (1.16 or later), subscribed over a
/// WebSocket at the store's own server with its own auth, namespace and TLS (policy: <c>subscribe</c> on
/// <c>sys/events/subscribe/*</c> plus <c>read</c> on the KV paths the events are about). The subscription is
/// <c>kv-v2/*</c> or <c>kv-v1/*</c> after the store's KV version.
/// </summary>
internal sealed class VaultEventsSourceKind : IChangeEventSourceKind
{
    public string Scheme => "vault-events";

    public IReadOnlyList<string> Providers { get; } = ["vault"];

    public string? Validate(string address, StoreResource store) =>
        address.Length == 0 ? null : "vault-events takes no address: the events come from the store's own server (write just vault-events)";

    public async Task<IChangeEventSource> ConnectAsync(ChangeSourceContext context, CancellationToken ct)
    {
        var mount = VaultProvider.Mount(context.Spec).Trim('/');
        var version = VaultProvider.KvVersion(context.Spec);
#pragma warning disable CA2000 // owned by the returned source (or disposed below when the connection fails)
        var client = new VaultClient(await VaultProvider.ClientOptionsAsync(context.Spec, ct));
        var subscriber = new VaultEventSubscriber(client, version == 2 ? "kv-v2/*" : "kv-v1/*");
#pragma warning restore CA2000
        try
        {
            return new VaultEventSource(client, subscriber, await subscriber.ConnectAsync(ct), mount, version);
        }
        catch
        {
            subscriber.Dispose();
            client.Dispose();
            throw;
        }
    }
}
