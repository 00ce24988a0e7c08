using SecretsKit.Agent.Model;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Events;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Azure.Keys;
using SecretsKit.Cloud.Azure.Stores;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;

namespace SecretsKit.Agent.ChangeEvents.ServiceBus;

/// <summary>
/// <c>servicebus://&lt;namespace&gt;/&lt;queue&gt;</c> on an <c>azurekv</c> store: a Service Bus queue fed by an Event Grid
/// subscription of the vault's system topic (Key Vault events), received with the store's own Entra ID identity
/// (role: "Azure Service Bus Data Receiver" on the queue or namespace). Requests go to the namespace, or to the agent's
/// <c>AZURE_SERVICEBUS_ENDPOINT</c> when the operator set it (never a store).
/// </summary>
internal sealed class ServiceBusSourceKind : IChangeEventSourceKind
{
    public string Scheme => "servicebus";

    public IReadOnlyList<string> Providers { get; } = ["azurekv"];

    public string? Validate(string address, StoreResource store)
    {
        try
        {
            ServiceBusQueueAddress.Parse(ServiceBusQueueAddress.Scheme + address);
            return Uri.TryCreate(Json.Str(store.ProviderSpec["vaultUrl"]), UriKind.Absolute, out _) ? null : "the store has no usable vaultUrl to match events against";
        }
        catch (SecretsKitException e)
        {
            return e.Message;
        }
    }

    public async Task<IChangeEventSource> ConnectAsync(ChangeSourceContext context, CancellationToken ct)
    {
        var address = ServiceBusQueueAddress.Parse(ServiceBusQueueAddress.Scheme + context.Address);
        var vault = new Uri(Json.Str(context.Store.ProviderSpec["vaultUrl"])!);
        var credential = await AzureKeyVaultProvider.CredentialAsync(context.Spec, ct);
        var azure = context.Spec.Context.Azure;
#pragma warning disable CA2000 // owned by the returned source
        return new ServiceBusEventSource(new ServiceBusQueueReceiver(address, credential, azure.HttpHandler, context.Spec.Context.Time,
            sendTo: context.Spec.Context.Endpoints.GetValueOrDefault(ServiceBusQueueReceiver.EndpointKey)), vault);
#pragma warning restore CA2000
    }
}
