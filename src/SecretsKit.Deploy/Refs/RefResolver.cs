using SecretsKit.Cloud;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;
using SecretsKit.Core.Operations;
using SecretsKit.Cloud.Aws.Signing;
using SecretsKit.Cloud.Aws.SecretsManager;
using SecretsKit.Cloud.Aws.Ssm;
using SecretsKit.Cloud.Azure;
using SecretsKit.Cloud.Vault;
using SecretsKit.Cloud.Vault.Http;

namespace SecretsKit.Deploy.Refs;

/// <summary>
/// Resolves <c>ref+…</c> references with one <see cref="IRefBackend"/> per scheme; cloud stores are created lazily
/// from the environment on first use. Each distinct reference is resolved once per resolver.
/// </summary>
public sealed class RefResolver
{
    private readonly Dictionary<string, IRefBackend> _backends;
    private readonly Dictionary<string, Task<ResolvedRef>> _cache = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public RefResolver(IReadOnlyDictionary<string, IRefBackend> backends)
    {
        _backends = new Dictionary<string, IRefBackend>(backends, StringComparer.Ordinal);
    }

    /// <summary>
    /// env, file, sops, vault (<c>VAULT_ADDR</c>/<c>VAULT_TOKEN</c>; path = mount/secret), awssecrets, awsssm (endpoint
    /// <c>AWS_ENDPOINT_URL_SSM</c>), azurekeyvault (<c>VAULT/SECRET</c>: a vault name means <c>VAULT.vault.azure.net</c>,
    /// a name with a dot is the full host, for sovereign clouds). <paramref name="cloudOptions"/> (HTTP handler,
    /// credential, retries) applies to the Azure client.
    /// </summary>
    public static RefResolver FromEnvironment(KeySourceContext context, SopsEngine engine, DecryptOptions options, CloudKeyOptions? cloudOptions = null)
    {
        var env = context.Environment;
        var cwd = env.CurrentDirectory;
        return new RefResolver(new Dictionary<string, IRefBackend>(StringComparer.Ordinal)
        {
            ["env"] = new EnvRefBackend(env),
            ["file"] = new FileRefBackend(cwd),
            ["sops"] = new FileRefBackend(cwd, engine, options),
            ["vault"] = new StoreRefBackend(
                r => SplitFirst(r, "vault"),
                mount => new VaultKvStore(new VaultClient(VaultEnvironment.CreateOptions(env)), mount)),
            ["awssecrets"] = new StoreRefBackend(
                r => ("", r.Path),
                _ => new SecretsManagerStore(new SecretsManagerClient(AwsClientOptions.FromEnvironment(env, "SECRETS_MANAGER")))),
            ["awsssm"] = new StoreRefBackend(
                r => ("", r.Path.StartsWith('/') ? r.Path : "/" + r.Path),
                _ => new ParameterStore(new ParameterStoreClient(AwsClientOptions.FromEnvironment(env, "SSM")))),
            ["azurekeyvault"] = new StoreRefBackend(
                r => SplitFirst(r, "azurekeyvault"),
                vault => AzureKeyVaultSecretStore.FromEnvironment(AzureVaultUri(vault), context, cloudOptions)),
        });
    }

    public Task<ResolvedRef> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_cache.TryGetValue(text, out var known)) return known;
            var reference = RefUri.Parse(text);
            if (!_backends.TryGetValue(reference.Scheme, out var backend))
            {
                throw new SecretsKitException(ExitCodes.Generic, $"{text}: unsupported ref scheme '{reference.Scheme}'",
                    "supported: " + string.Join(", ", _backends.Keys.Order(StringComparer.Ordinal)));
            }
            var task = backend.ResolveAsync(reference, cancellationToken);
            _cache[text] = task;
            return task;
        }
    }

    private static Uri AzureVaultUri(string vault) =>
        new(vault.Contains('.', StringComparison.Ordinal) ? $"https://{vault}/" : $"https://{vault}.vault.azure.net/");

    private static (string, string) SplitFirst(RefUri reference, string scheme)
    {
        var path = reference.Path.Trim('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
            throw new SecretsKitException(ExitCodes.Generic, $"{reference.Text}: expected ref+{scheme}://<mount-or-vault>/<secret>");
        return (path[..slash], path[(slash + 1)..]);
    }
}
