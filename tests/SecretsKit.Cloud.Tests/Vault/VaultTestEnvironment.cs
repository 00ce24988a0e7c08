using SecretsKit.Cloud.Http;
using SecretsKit.Cloud.Vault.Auth;
using SecretsKit.Cloud.Vault.Http;
using SecretsKit.Core.Platform;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Cloud.Tests.Vault;

/// <summary>Temp home directory plus helpers to build clients against a <see cref="FakeVaultServer"/>.</summary>
internal sealed class VaultTestEnvironment : IDisposable
{
    public VaultTestEnvironment()
    {
        Home = Path.Combine(Path.GetTempPath(), "sk-vault-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Home);
    }

    public string Home { get; }

    public static CloudRetryOptions FastRetry(Action<CloudRetryEvent>? onRetry = null) => new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(5),
        OnRetry = onRetry,
    };

    public MapEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value), Home, Home);

    public static VaultClient Client(FakeVaultServer server, VaultAuthMethod auth, TimeProvider? time = null, string? ns = null, CloudRetryOptions? retry = null) =>
        new(new VaultClientOptions
        {
            Address = server.BaseAddress,
            Auth = auth,
            Namespace = ns,
            Time = time ?? TimeProvider.System,
            Retry = retry ?? FastRetry(),
        });

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Home, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
