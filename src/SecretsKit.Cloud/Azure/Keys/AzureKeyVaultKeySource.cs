using Azure.Core.Pipeline;
using SecretsKit.Cloud.Azure.Auth;
using SecretsKit.Cloud.Azure.Http;
using SecretsKit.Cloud.Http;
using SecretsKit.Core.Errors;
using SecretsKit.Core.Keys;

namespace SecretsKit.Cloud.Azure.Keys;

/// <summary>
/// Azure Key Vault keys: <c>--azure-kv</c>, <c>SOPS_AZURE_KEYVAULT_URLS</c>, <c>azure_keyvault:</c> in <c>.sops.yaml</c>
/// (URLs, or <c>{vaultUrl, key, version}</c> objects in key groups), <c>azure_kv</c> entries.
/// </summary>
public sealed class AzureKeyVaultKeySource : IKeySource
{
    private readonly Lazy<AzureKeyVaultKeyClient> _client;
    private readonly TimeProvider _time;

    public AzureKeyVaultKeySource(KeySourceContext context, CloudKeyOptions? options = null)
    {
        var effective = options ?? CloudKeyOptions.Default;
        _time = context.Time;
        _client = new Lazy<AzureKeyVaultKeyClient>(() =>
        {
            var credential = AzureCredentialFactory.Create(context.Environment, effective);
            var clientOptions = AzureClientConfiguration.Apply(new AzureKeyVaultKeyClientOptions(), effective);
            var pipeline = HttpPipelineBuilder.Build(clientOptions, new KeyVaultChallengeAuthenticationPolicy(credential, context.Time));
            return new AzureKeyVaultKeyClient(pipeline);
        });
    }

    public KeyKind Kind => KeyKinds.AzureKeyVault;

    public IMasterKey Parse(string text, KeyParseOptions options)
    {
        // checked as a file's azure_kv entry is: a flag or .sops.yaml names the host the token goes to just as a file does
        var (vault, name, version) = AzureKeyVaultKeyUrl.Parse(text);
        (vault, name, version) = AzureKeyVaultKeyUrl.Validate(vault, name, version);
        return Create(vault, name, version);
    }

    public IMasterKey FromConfigObject(IReadOnlyDictionary<string, string> fields, IReadOnlyDictionary<string, string>? context)
    {
        string Field(string key) => fields.TryGetValue(key, out var v) ? v.Trim() : "";
        if (Field("vaultUrl").Length == 0 || Field("key").Length == 0)
        {
            throw new SecretsKitException(ExitCodes.ErrorReadingConfig,
                "azure_keyvault entries in key_groups need 'vaultUrl' and 'key' (and optionally 'version')");
        }
        var (vault, name, version) = AzureKeyVaultKeyUrl.Validate(Field("vaultUrl"), Field("key"), Field("version"));
        return Create(vault, name, version);
    }

    public IMasterKey FromEntry(MasterKeyEntry entry)
    {
        var (vaultUrl, name, version) = AzureKeyVaultKeyUrl.Validate(entry.Field("vault_url"), entry.Field("name"), entry.Field("version"));
        return new AzureKeyVaultMasterKey(vaultUrl, name, version, _client, _time);
    }

    public AzureKeyVaultMasterKey Create(string vaultUrl, string name, string version = "") =>
        new(vaultUrl, name, version, _client, _time);
}
