using SecretsKit.Agent.Resources;
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
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // the first caller (a reconcile being stopped) gives up
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => c.Providers.GetAsync(store, cancelled.Token));

        // the next one gets a working client for the same store version, not the first caller's cancelled creation
        var provider = await c.Providers.GetAsync(store, CancellationToken.None);
        var value = await provider.GetSecretAsync(new SecretRef(h.RemoteKey, "value", null), CancellationToken.None);
        Assert.Equal("pw-after-cancel-4d2e", System.Text.Encoding.UTF8.GetString(value.Value));
    }
}
