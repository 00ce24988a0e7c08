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

public enum ProviderKind { Vault, AwsSecretsManager, AwsParameterStore, AzureKeyVault }

/// <summary>Injected failures; <see cref="Throttling"/> is AWS's HTTP 400 <c>ThrottlingException</c>.</summary>
public enum ProviderFailure { ServerError, TooManyRequests, Timeout, Throttling }

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
        var options = new ProviderOptions { Retry = retry };
        JsonObject provider;
        var credentials = new Dictionary<string, string>();
        switch (kind)
        {
            case ProviderKind.Vault:
                h._vault = await FakeVaultServer.StartAsync();
                credentials["token"] = h._vault.RootToken;
                provider = new JsonObject
                {
                    ["vault"] = new JsonObject
                    {
                        ["server"] = h._vault.BaseAddress.ToString(), ["path"] = "secret", ["version"] = "v2",
                        ["auth"] = new JsonObject { ["tokenSecretRef"] = Ref("token") },
                    },
                };
                break;
            case ProviderKind.AwsSecretsManager or ProviderKind.AwsParameterStore:
                FakeAwsJsonServer server = kind == ProviderKind.AwsSecretsManager
                    ? h._sm = await FakeSecretsManagerServer.StartAsync("eu-west-1")
                    : h._ssm = await FakeSsmServer.StartAsync("eu-west-1");
                server.ExpectCredentials("AKIDAGENT", "agent-secret");
                credentials["id"] = "AKIDAGENT";
                credentials["secret"] = "agent-secret";
                var service = kind == ProviderKind.AwsSecretsManager ? "SecretsManager" : "ParameterStore";
                options = options with { AwsEndpoints = new Dictionary<string, Uri> { [service] = server.BaseAddress } };
                provider = new JsonObject
                {
                    ["aws"] = new JsonObject
                    {
                        ["service"] = service, ["region"] = "eu-west-1",
                        ["auth"] = new JsonObject
                        {
                            ["secretRef"] = new JsonObject { ["accessKeyIDSecretRef"] = Ref("id"), ["secretAccessKeySecretRef"] = Ref("secret") },
                        },
                    },
                };
                break;
            default:
                h._azure = await FakeAzureKeyVaultServer.StartAsync();
                h._azure.AddClient("agent-client", "agent-client-secret");
                h._azureHandler = h._azure.CreateClientHandler();
                credentials["clientId"] = "agent-client";
                credentials["clientSecret"] = "agent-client-secret";
                options = options with
                {
                    AzureAuthorityHost = new Uri(h._azure.AuthorityHost),
                    Azure = new CloudKeyOptions
                    {
                        HttpHandler = h._azureHandler, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1),
                        RetryMaxDelay = TimeSpan.FromMilliseconds(5), RequestTimeout = retry.AttemptTimeout,
                    },
                };
                provider = new JsonObject
                {
                    ["azurekv"] = new JsonObject
                    {
                        ["vaultUrl"] = h._azure.VaultUrl, ["tenantId"] = h._azure.TenantId, ["authType"] = "ServicePrincipal",
                        ["authSecretRef"] = new JsonObject { ["clientId"] = Ref("clientId"), ["clientSecret"] = Ref("clientSecret") },
                    },
                };
                break;
        }
        h.CredentialValues = [.. credentials.Values];
        h.Cluster = await AgentCluster.StartAsync(providerOptions: options);
        h.Cluster.Secret("default", "provider-credentials", credentials);
        h.Cluster.Store("default", "store", provider);
        return h;
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
