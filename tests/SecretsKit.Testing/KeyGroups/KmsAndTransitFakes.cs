using SecretsKit.Testing.Aws.Kms;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Testing.KeyGroups;

/// <summary>
/// The AWS KMS fake and a Vault fake with transit enabled at <c>transit/</c>, started together: the pair the
/// mixed-key-group tests (engine and CLI) encrypt against.
/// </summary>
public sealed class KmsAndTransitFakes : IAsyncDisposable
{
    private KmsAndTransitFakes(FakeKmsServer kms, FakeVaultServer vault)
    {
        Kms = kms;
        Vault = vault;
    }

    public FakeKmsServer Kms { get; }

    public FakeVaultServer Vault { get; }

    public static async Task<KmsAndTransitFakes> StartAsync()
    {
        var kms = await FakeKmsServer.StartAsync();
        var vault = await FakeVaultServer.StartAsync();
        vault.EnableTransit("transit");
        return new KmsAndTransitFakes(kms, vault);
    }

    /// <summary>The sops <c>hc_vault</c> URI of transit key <paramref name="name"/> on the fake.</summary>
    public string TransitKeyUri(string name) => $"{Vault.BaseAddress.GetLeftPart(UriPartial.Authority)}/v1/transit/keys/{name}";

    public async ValueTask DisposeAsync()
    {
        await Kms.DisposeAsync();
        await Vault.DisposeAsync();
    }
}
