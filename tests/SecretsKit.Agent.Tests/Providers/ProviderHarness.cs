using System.Text.Json.Nodes;
using SecretsKit.Agent.Providers;
using SecretsKit.Cloud;
using SecretsKit.Cloud.Http;
using SecretsKit.Testing.Aws.SecretsManager;
using SecretsKit.Testing.Aws.Ssm;
using SecretsKit.Testing.Azure;
using SecretsKit.Testing.Http;
using SecretsKit.Testing.Vault;

namespace SecretsKit.Agent.Tests.Providers;

/// <summary>
/// One wire-level provider fake plus an <see cref="AgentCluster"/> whose store points at it with real credentials read
/// from a Kubernetes Secret. Every client makes one retry, so a failure is injected twice (attempt + retry).
/// </summary>
internal sealed class ProviderHarness : IAsyncDisposable
{
    /// <summary>Per-attempt timeout in the timeout tests; the injected latency is far longer.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    private readonly ProviderKind _kind;
    private FakeVaultServer? _vault;
    private FakeSecretsManagerServer? _sm;
    private FakeSsmServer? _ssm;
    private FakeAzureKeyVaultServer? _azure;
    private HttpMessageHandler? _azureHandler;

    private ProviderHarness(ProviderKind kind) => _kind = kind;

    public AgentCluster Cluster { get; private set; } = null!;

    /// <summary>The credentials the store reads (none may appear in a message).</summary>
    public IReadOnlyList<string> CredentialValues { get; private set; } = [];

    /// <summary>The provider name the agent's error messages carry.</summary>
    public string ProviderName => _kind switch
    {
        ProviderKind.Vault => "vault",
        ProviderKind.AwsSecretsManager => "aws-secretsmanager",
        ProviderKind.AwsParameterStore => "aws-ssm",
        _ => "azurekv",
    };

    /// <summary>The remote key the tests read (a name every provider accepts).</summary>
    public string RemoteKey => _kind == ProviderKind.AwsParameterStore ? "/app/password" : _kind == ProviderKind.AzureKeyVault ? "app-password" : "app/password";

    public static async Task<ProviderHarness> StartAsync(ProviderKind kind, bool shortTimeouts = false)
    {
        var h = new ProviderHarness(kind);
        var retry = new CloudRetryOptions
        {
            MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(2),
            AttemptTimeout = shortTimeouts ? AttemptTimeout : TimeSpan.FromSeconds(30),
        };
        var credentials = new Dictionary<string, string>();
        var (provider, options) = kind switch
        {
            ProviderKind.Vault => await h.StartVaultAsync(credentials, new ProviderOptions { Retry = retry }),
            ProviderKind.AwsSecretsManager or ProviderKind.AwsParameterStore => await h.StartAwsAsync(credentials, new ProviderOptions { Retry = retry }),
            _ => await h.StartAzureAsync(credentials, new ProviderOptions { Retry = retry }),
        };
        h.CredentialValues = [.. credentials.Values];
        h.Cluster = await AgentCluster.StartAsync(providerOptions: options);
        h.Cluster.Secret("default", "provider-credentials", credentials);
        h.Cluster.Store("default", "store", provider);
        return h;
    }

    private async Task<(JsonObject Provider, ProviderOptions Options)> StartVaultAsync(Dictionary<string, string> credentials, ProviderOptions options)
    {
        _vault = await FakeVaultServer.StartAsync();
        credentials["token"] = _vault.RootToken;
        return (new JsonObject
        {
            ["vault"] = new JsonObject
            {
                ["server"] = _vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
                ["auth"] = new JsonObject { ["tokenSecretRef"] = Ref("token") },
            },
        }, options);
    }

    private async Task<(JsonObject Provider, ProviderOptions Options)> StartAwsAsync(Dictionary<string, string> credentials, ProviderOptions options)
    {
        FakeAwsJsonServer server = _kind == ProviderKind.AwsSecretsManager
            ? _sm = await FakeSecretsManagerServer.StartAsync("eu-west-1")
            : _ssm = await FakeSsmServer.StartAsync("eu-west-1");
        server.ExpectCredentials("AKIDAGENT", "agent-secret");
        credentials["id"] = "AKIDAGENT";
        credentials["secret"] = "agent-secret";
        var service = _kind == ProviderKind.AwsSecretsManager ? "SecretsManager" : "ParameterStore";
        return (new JsonObject
        {
            ["aws"] = new JsonObject
            {
                ["service"] = service, ["region"] = "eu-west-1",
                ["auth"] = new JsonObject
                {
                    ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Ref("id"), ["secretAccessKeySecretRef"] = Ref("secret") },
                },
            },
        }, options with { AwsEndpoints = new Dictionary<string, Uri> { [service] = server.BaseAddress } });
    }

    private async Task<(JsonObject Provider, ProviderOptions Options)> StartAzureAsync(Dictionary<string, string> credentials, ProviderOptions options)
    {
        _azure = await FakeAzureKeyVaultServer.StartAsync();
        _azure.AddClient("agent-client", "agent-client-secret");
        _azureHandler = _azure.CreateClientHandler();
        credentials["clientId"] = "agent-client";
        credentials["clientSecret"] = "agent-client-secret";
        return (new JsonObject
        {
            ["azurekv"] = new JsonObject
            {
                ["vaultUrl"] = _azure.VaultUrl, ["tenantId"] = _azure.TenantId, ["authType"] = "ServicePrincipal",
                ["authSecretRef"] = new JsonObject { ["clientId"] = Ref("clientId"), ["clientSecret"] = Ref("clientSecret") },
            },
        }, options with
        {
            AzureAuthorityHost = new Uri(_azure.AuthorityHost),
            Azure = new CloudKeyOptions
            {
                HttpHandler = _azureHandler, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                RetryMaxDelay = TimeSpan.FromMilliseconds(5), RequestTimeout = options.Retry.AttemptTimeout,
            },
        });
    }

    /// <summary>Writes a new value of <see cref="RemoteKey"/> at the provider.</summary>
    public void Put(string value)
    {
        switch (_kind)
        {
            case ProviderKind.Vault:
                _vault!.Kv2Put("secret", RemoteKey, new Dictionary<string, string> { ["value"] = value });
                break;
            case ProviderKind.AwsSecretsManager:
                _sm!.PutSecret(RemoteKey, $$"""{"value":"{{value}}"}""");
                break;
            case ProviderKind.AwsParameterStore:
                _ssm!.PutParameter(RemoteKey, $$"""{"value":"{{value}}"}""", "SecureString");
                break;
            default:
                _azure!.SetSecret(RemoteKey, $$"""{"value":"{{value}}"}""");
                break;
        }
    }

    /// <summary>Writes <paramref name="json"/> as the whole value of <see cref="RemoteKey"/> (Vault: as the KV data).</summary>
    public void PutDocument(string json)
    {
        switch (_kind)
        {
            case ProviderKind.Vault:
                _vault!.Kv2PutJson("secret", RemoteKey, json);
                break;
            case ProviderKind.AwsSecretsManager:
                _sm!.PutSecret(RemoteKey, json);
                break;
            case ProviderKind.AwsParameterStore:
                _ssm!.PutParameter(RemoteKey, json, "SecureString");
                break;
            default:
                _azure!.SetSecret(RemoteKey, json);
                break;
        }
    }

    /// <summary>Makes the next read (and its one retry) fail.</summary>
    public void Fail(ProviderFailure failure)
    {
        var fault = failure switch
        {
            ProviderFailure.ServerError => FakeFault.ServerError(),
            ProviderFailure.TooManyRequests => FakeFault.TooManyRequests(TimeSpan.Zero),
            ProviderFailure.Throttling => FakeFault.Throttling(),
            _ => FakeFault.Latency(Hang),
        };
        if (_azure is not null) _azure.InjectFault(fault, times: 2);
        else if (_vault is not null) _vault.InjectFault(fault, "kv-read", times: 2);
        else if (_sm is not null) _sm.InjectFault(fault, "GetSecretValue", times: 2);
        else _ssm!.InjectFault(fault, "GetParameter", times: 2);
    }

    private static JsonObject Ref(string key) => new() { ["name"] = "provider-credentials", ["key"] = key };

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        if (_vault is not null) await _vault.DisposeAsync();
        if (_sm is not null) await _sm.DisposeAsync();
        if (_ssm is not null) await _ssm.DisposeAsync();
        _azureHandler?.Dispose();
        if (_azure is not null) await _azure.DisposeAsync();
    }
}
