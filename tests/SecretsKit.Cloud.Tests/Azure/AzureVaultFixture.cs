using SecretsKit.Testing.Azure;

namespace SecretsKit.Cloud.Tests.Azure;

/// <summary>Base of the Azure Key Vault tests: a fresh HTTPS fake vault per test and a client handler trusting its test CA.</summary>
public abstract class AzureVaultFixture : IAsyncLifetime
{
    protected FakeAzureKeyVaultServer Vault { get; private set; } = null!;

    protected HttpMessageHandler Handler { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Vault = await FakeAzureKeyVaultServer.StartAsync();
        Handler = Vault.CreateClientHandler();
    }

    public async Task DisposeAsync()
    {
        Handler.Dispose();
        await Vault.DisposeAsync();
    }
}
