using SecretsKit.Agent.Model;
using SecretsKit.Agent.Providers;
using SecretsKit.Core.Stores;
using SecretsKit.Kubernetes;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>The provider client cache: one client per store version, never one left broken by a caller.</summary>
public sealed class ProviderFactoryTests
{
    [Fact]
    public async Task A_caller_cancelled_while_the_client_is_created_leaves_no_cancelled_client_in_the_cache()
    {
        await using var h = await ProviderHarness.StartAsync(ProviderKind.Vault);
        var c = h.Cluster;
        h.Put("pw-after-cancel-4d2e");
        var store = StoreResource.Parse(await c.Client.GetAsync(ResourceTypes.SecretStore, "default", "store"));
        // a factory of its own: the cluster's agent may already hold a client for this store, which would answer at once
        var providers = new ProviderFactory(c.Client, new ProviderOptions());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // the first caller (a reconcile being stopped) gives up, unless the client was built before it waited
        try
        {
            await providers.GetAsync(store, cancelled.Token);
        }
        catch (OperationCanceledException)
        {
            // the creation goes on without it
        }

        // the next one gets a working client for the same store version, not the first caller's cancelled creation
        var provider = await providers.GetAsync(store, CancellationToken.None);
        var value = await provider.GetSecretAsync(new SecretRef(h.RemoteKey, "value", null), CancellationToken.None);
        Assert.Equal("pw-after-cancel-4d2e", System.Text.Encoding.UTF8.GetString(value.Value));
    }
}
